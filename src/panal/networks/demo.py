"""Demo content: one clearly labelled rueda in the practice edition («Rueda de negocios de práctica»), with 60
fictitious participants drawn from the registry's sample enterprises and their requests (accepted, pending,
declined, some mutual), so organisers can press «Calcular agenda» and see the optimiser at work. Seeded,
atomic and idempotent: a rueda that already has participants is left as it is."""

import random
from datetime import timedelta

from django.db import transaction

from panal.events import selectors as events_selectors
from panal.registry import selectors as registry_selectors

from .models import MeetingRequest, Participant, RequestStatus, Rueda
from .scheduler.instance import may_meet
from .services.setup import create_rueda

SEED = 14
PARTICIPANTS = 60
REQUESTS = 180
ACTIVITY_TITLE = "Rueda de negocios de práctica"
OFFERS = [
    ("Miel y propóleo envasados", "Envases de vidrio y etiquetas"),
    ("Vino embotellado de pequeños productores", "Distribución a restaurantes y hoteles"),
    ("Pescado y mariscos frescos de caleta", "Transporte refrigerado y hielo"),
    ("Hortalizas orgánicas por temporada", "Compradores para casinos y colegios"),
    ("Tejidos y artesanía en lana", "Tiendas de regalos y turismo"),
    ("Servicio de mantención industrial", "Contratos con agroindustrias"),
    ("Turismo rural y alojamiento", "Agencias de viaje y transporte"),
    ("Conservas y mermeladas", "Supermercados regionales"),
    ("Envases de vidrio y etiquetas", "Productores de miel, conservas y vino"),
    ("Transporte refrigerado", "Productores de alimentos frescos"),
]


def _rueda(activity) -> Rueda:
    rueda = Rueda.objects.filter(activity_id=activity.pk).first()
    if rueda is not None:
        return rueda
    return create_rueda(
        actor=None,
        activity_id=activity.pk,
        starts_at=activity.starts_at,
        ends_at=activity.ends_at,
        request_deadline=activity.starts_at - timedelta(days=2),
        slot_minutes=15,
        breaks=[],
        tables=12,
        is_sample=True,
    )


@transaction.atomic
def load_demo() -> str:
    activity = next(
        (
            a
            for a in events_selectors.activities(edition=events_selectors.get_edition("practica-inscripcion"))
            if a.title == ACTIVITY_TITLE
        ),
        None,
    )
    if activity is None:
        return "ruedas: falta la actividad de práctica de la Semana; nada que cargar."
    rueda = _rueda(activity)
    if rueda.participants.exists():
        return f"ruedas: la rueda de práctica ya tiene {rueda.participants.count()} participantes de ejemplo."
    firms = list(registry_selectors.search_enterprises().filter(is_sample=True).order_by("id")[:PARTICIPANTS])
    if len(firms) < 10:
        return "ruedas: faltan empresas de ejemplo en el registro; nada que cargar."
    rng = random.Random(SEED)
    slots = list(rueda.slots.order_by("number"))
    people = []
    for i, firm in enumerate(firms):
        role = "comprador" if i % 5 == 0 else "ambos" if i % 7 == 0 else "proveedor"
        offer, need = OFFERS[i % len(OFFERS)]
        participant = Participant.objects.create(
            rueda=rueda,
            kind="cooperativa" if getattr(firm, "cooperative", None) else "empresa",
            enterprise=firm,
            name=firm.display_name,
            commune_id=firm.commune_id,
            role=role,
            sectors=[firm.activity_id] if firm.activity_id else [],
            offer=offer if role != "comprador" else "",
            need=need if role != "proveedor" else need,
            max_meetings=rng.randint(3, len(slots)),
            is_sample=True,
        )
        available = slots
        if rng.random() < 0.3:  # arrives late or leaves early
            cut = rng.randint(2, len(slots) - 2)
            available = slots[cut:] if rng.random() < 0.5 else slots[:cut]
        participant.available_slots.set(available)
        people.append(participant)
    buyers = [p for p in people if p.role != "proveedor"]
    made: set[tuple[int, int]] = set()
    attempts = 0
    while len(made) < REQUESTS and attempts < REQUESTS * 20:
        attempts += 1
        source = rng.choice(people)
        target = rng.choice(buyers if rng.random() < 0.8 else people)
        key = (source.pk, target.pk)
        if source.pk == target.pk or key in made or not may_meet(source.role, target.role):
            continue
        made.add(key)
        draw = rng.random()
        status = (
            RequestStatus.ACCEPTED if draw < 0.7 else RequestStatus.PENDING if draw < 0.85 else RequestStatus.DECLINED
        )
        if (target.pk, source.pk) in made:
            status = RequestStatus.ACCEPTED
            MeetingRequest.objects.filter(requester=target, receiver=source).update(status=RequestStatus.ACCEPTED)
        MeetingRequest.objects.create(
            rueda=rueda,
            requester=source,
            receiver=target,
            message="Mensaje de ejemplo: nos interesa conversar.",
            status=status,
            responded_at=None if status == RequestStatus.PENDING else activity.starts_at - timedelta(days=5),
        )
    return f"ruedas: rueda de práctica con {len(people)} participantes de ejemplo y {len(made)} solicitudes."
