"""Builders for rueda tests (also used by the browser journey): a rueda activity, people of the registry linked
to accounts, participants joined through the real services."""

from datetime import datetime, timedelta
from itertools import count
from zoneinfo import ZoneInfo

from django.utils import timezone
from stdnum.cl import rut as stdrut

SANTIAGO = ZoneInfo("America/Santiago")
_ruts = count(21_000_001)


def new_rut() -> str:
    number = str(next(_ruts))
    return f"{number}-{stdrut.calc_check_digit(number)}"


def make_rueda(*, days_ahead: int = 10, tables: int = 4, fixed: bool = False, breaks=(("11:00", "11:20"),)):
    from panal.catalog.selectors import get_agency
    from panal.events.models import Activity, Edition
    from panal.networks import services
    from panal.territory.selectors import get_commune, get_region

    day = timezone.localdate() + timedelta(days=days_ahead)
    edition, _ = Edition.objects.get_or_create(
        slug=f"semana-ruedas-{day:%Y%m%d}",
        defaults={
            "year": day.year,
            "region": get_region("06"),
            "name": "Semana de prueba",
            "starts_on": day,
            "ends_on": day + timedelta(days=2),
        },
    )
    starts = datetime.combine(day, datetime.min.time(), tzinfo=SANTIAGO).replace(hour=10)
    activity = Activity.objects.create(
        edition=edition,
        title="Rueda de negocios de prueba",
        type="rueda",
        agency=get_agency("sercotec"),
        objective="redes",
        audience="mipymes",
        starts_at=starts,
        ends_at=starts + timedelta(hours=3),
        venue="Salón de prueba",
        commune=get_commune("06101"),
    )
    return services.create_rueda(
        actor=None,
        activity_id=activity.pk,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        request_deadline=starts - timedelta(days=1),
        slot_minutes=20,
        breaks=breaks,
        tables=tables,
        fixed_table_for_buyers=fixed,
    )


def make_person_user(email: str, *, first_names="Ana", last_names="Pérez", password="clave-segura-123"):
    from panal.catalog.services import create_user
    from panal.registry.services import create_person

    user, _ = create_user(email=email, role="applicant", password=password)
    person = create_person(rut=new_rut(), first_names=first_names, last_names=last_names, email=email, user=user)
    return user, person


def join(rueda, email: str, role: str, *, name=("Ana", "Pérez"), slots=None, **fields):
    from panal.networks import services

    user, _ = make_person_user(email, first_names=name[0], last_names=name[1])
    numbers = slots if slots is not None else list(rueda.slots.values_list("number", flat=True))
    return services.join_rueda(
        user=user,
        rueda_id=rueda.pk,
        role=role,
        available_slots=numbers,
        now=rueda.request_deadline - timedelta(days=1),
        **fields,
    )
