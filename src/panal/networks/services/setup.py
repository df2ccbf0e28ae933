"""Creating a rueda (its blocks follow from the window, the slot length and the breaks) and joining it."""

from datetime import datetime, time, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from panal.core import audit
from panal.core.dates import SANTIAGO
from panal.core.errors import DomainError, NotFound, PermissionDenied
from panal.events import selectors as events_selectors
from panal.reference import selectors as reference_selectors
from panal.registry import selectors as registry_selectors

from ..models import Kind, Participant, Role, Rueda, Slot

MAX_TABLES = 500
MAX_SLOTS = 96


def _parse_breaks(breaks) -> list[tuple[time, time]]:
    parsed = []
    for n, item in enumerate(breaks or [], start=1):
        try:
            start, end = (time.fromisoformat(str(v)) for v in item)
        except (TypeError, ValueError):
            raise DomainError(f"Pausa n.º {n}: escriba inicio y término como HH:MM.", field="breaks") from None
        if end <= start:
            raise DomainError(f"Pausa n.º {n}: el término debe ser posterior al inicio.", field="breaks")
        parsed.append((start, end))
    return parsed


def slot_times(*, starts_at: datetime, ends_at: datetime, slot_minutes: int, breaks) -> list[tuple[datetime, datetime]]:
    """Consecutive blocks of `slot_minutes` from the start; a block that would overlap a break starts after it."""
    pauses = [
        (
            datetime.combine(starts_at.astimezone(SANTIAGO).date(), a, SANTIAGO),
            datetime.combine(starts_at.astimezone(SANTIAGO).date(), b, SANTIAGO),
        )
        for a, b in _parse_breaks(breaks)
    ]
    length = timedelta(minutes=slot_minutes)
    blocks, cursor = [], starts_at
    while cursor + length <= ends_at and len(blocks) <= MAX_SLOTS:
        overlapping = [b for a, b in pauses if cursor < b and a < cursor + length]
        if overlapping:
            cursor = max(overlapping)
            continue
        blocks.append((cursor, cursor + length))
        cursor += length
    return blocks


@transaction.atomic
def create_rueda(
    *,
    actor,
    activity_id: int,
    starts_at: datetime,
    ends_at: datetime,
    request_deadline: datetime,
    slot_minutes: int = 20,
    breaks=(),
    tables: int = 10,
    fixed_table_for_buyers: bool = False,
    is_sample: bool = False,
) -> Rueda:
    activity = events_selectors.get_activity(activity_id)
    if activity is None:
        raise NotFound(f"No existe la actividad número {activity_id}.", field="activity")
    if actor is not None and not events_selectors.can_manage_activity(actor, activity):
        raise PermissionDenied("Solo el equipo de la institución organizadora configura esta rueda.")
    if activity.type != "rueda":
        raise DomainError("La actividad debe ser de tipo «Rueda de negocios».", field="activity")
    if ends_at <= starts_at:
        raise DomainError("El término de las reuniones debe ser posterior al inicio.", field="ends_at")
    if request_deadline > starts_at:
        raise DomainError("El plazo para solicitar reuniones debe cerrar antes del inicio.", field="request_deadline")
    if not 5 <= int(slot_minutes) <= 240:
        raise DomainError("Cada reunión dura entre 5 y 240 minutos.", field="slot_minutes")
    if not 1 <= int(tables) <= MAX_TABLES:
        raise DomainError(f"Indique entre 1 y {MAX_TABLES} mesas.", field="tables")
    blocks = slot_times(starts_at=starts_at, ends_at=ends_at, slot_minutes=slot_minutes, breaks=breaks)
    if not blocks:
        raise DomainError("En ese horario no cabe ninguna reunión: revise inicio, término y pausas.", field="ends_at")
    if len(blocks) > MAX_SLOTS:
        raise DomainError(f"Son más de {MAX_SLOTS} bloques: acorte el horario.", field="ends_at")
    if Rueda.objects.filter(activity_id=activity.pk).exists():
        raise DomainError("Esta actividad ya tiene su rueda configurada.", field="activity")
    rueda = Rueda.objects.create(
        activity_id=activity.pk,
        starts_at=starts_at,
        ends_at=ends_at,
        slot_minutes=slot_minutes,
        breaks=[list(map(str, b)) for b in breaks or []],
        tables=tables,
        request_deadline=request_deadline,
        fixed_table_for_buyers=fixed_table_for_buyers,
        is_sample=is_sample,
    )
    Slot.objects.bulk_create(
        Slot(rueda=rueda, number=n, starts_at=a, ends_at=b) for n, (a, b) in enumerate(blocks, start=1)
    )
    audit.record(
        actor=actor, action="networks.rueda.created", obj=rueda, after={"activity": activity.pk, "slots": len(blocks)}
    )
    return rueda


def _clean_sectors(sectors) -> list[str]:
    codes = []
    for code in sectors or []:
        code = str(code).strip()
        if not code:
            continue
        if reference_selectors.get_activity(code) is None:
            raise DomainError(f"El código de actividad SII «{code[:12]}» no existe.", field="sectors")
        if code not in codes:
            codes.append(code)
    if len(codes) > 10:
        raise DomainError("Indique a lo más 10 actividades SII.", field="sectors")
    return codes


def _identity(user, enterprise_id):
    """Who the user may act for: themself (their registry person) or an enterprise/cooperative they represent."""
    person = registry_selectors.person_for_user(user)
    if person is None:
        raise PermissionDenied(
            "Para participar, su cuenta debe estar vinculada a una persona del registro (ClaveÚnica o verificación "
            "del equipo de una institución).",
            field="enterprise",
        )
    if enterprise_id in (None, ""):
        return Kind.PERSON, person, None, f"{person.first_names} {person.last_names}", person.commune_id
    enterprise = registry_selectors.enterprises_represented_by(person).filter(pk=enterprise_id).first()
    if enterprise is None:
        raise PermissionDenied("Usted no representa a esa empresa o cooperativa en el registro.", field="enterprise")
    kind = Kind.COOPERATIVE if hasattr(enterprise, "cooperative") and enterprise.cooperative else Kind.ENTERPRISE
    return kind, person, enterprise, enterprise.display_name, enterprise.commune_id


def join_rueda(
    *,
    user,
    rueda_id: int,
    role: str,
    available_slots: list[int],
    enterprise_id: int | None = None,
    sectors=(),
    offer: str = "",
    need: str = "",
    max_meetings: int | None = None,
    now: datetime | None = None,
) -> Participant:

    now = now or timezone.now()
    rueda = Rueda.objects.filter(pk=rueda_id).first()
    if rueda is None:
        raise NotFound(f"No existe la rueda número {rueda_id}.")
    if now > rueda.request_deadline:
        raise DomainError("El plazo para inscribirse y solicitar reuniones en esta rueda ya cerró.")
    if role not in Role.values:
        raise DomainError("Elija su rol: comprador, proveedor o ambos.", field="role")
    if max_meetings is not None and not 1 <= int(max_meetings) <= 100:
        raise DomainError("El máximo de reuniones debe estar entre 1 y 100.", field="max_meetings")
    kind, person, enterprise, name, commune_id = _identity(user, enterprise_id)
    slots = list(Slot.objects.filter(rueda=rueda, number__in=[int(n) for n in available_slots or []]))
    if not slots:
        raise DomainError("Marque al menos un bloque en que pueda reunirse.", field="available_slots")
    offer, need = str(offer or "").strip()[:2000], str(need or "").strip()[:2000]
    if "\x00" in offer + need:
        raise DomainError("El texto contiene caracteres no válidos.", field="offer")
    try:
        with transaction.atomic():
            participant = Participant.objects.create(
                rueda=rueda,
                user=user,
                kind=kind,
                person=person,
                enterprise=enterprise,
                name=name,
                commune_id=commune_id,
                role=role,
                sectors=_clean_sectors(sectors),
                offer=offer,
                need=need,
                max_meetings=max_meetings,
            )
            participant.available_slots.set(slots)
    except IntegrityError:
        raise DomainError(f"{name} ya participa en esta rueda.", field="enterprise") from None
    return participant
