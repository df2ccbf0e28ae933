from datetime import datetime

from django.db import transaction
from django.utils import timezone

from panal.core import audit, roles
from panal.core.dates import SANTIAGO
from panal.core.errors import DomainError
from panal.core.money import clean_clp
from panal.core.services import create_account
from panal.reference.selectors import get_activity
from panal.territory.selectors import get_commune, get_region

from .criteria import parse_condition, value_to_text
from .models import (
    BENEFICIARY_KINDS,
    FUNDING_SOURCES,
    OBJECTIVES,
    Agency,
    AgencyStaff,
    Call,
    Condition,
    Criterion,
    Instrument,
)


@transaction.atomic
def add_staff_member(*, user, agency_code: str, actor=None) -> AgencyStaff:
    agency = Agency.objects.filter(code=agency_code).first()
    if agency is None:
        known = ", ".join(Agency.objects.order_by("code").values_list("code", flat=True))
        raise DomainError(f"La institución «{agency_code}» no existe; use una de: {known}.", field="agency")
    membership, created = AgencyStaff.objects.get_or_create(user=user, agency=agency)
    if created:
        audit.record(actor=actor, action="catalog.agency_staff.added", obj=membership, after={"agency": agency.code})
    return membership


@transaction.atomic
def create_user(*, email: str, role: str, agency_code: str | None = None, password: str | None = None, actor=None):
    """An account with a role; agency staff must name their agency. All or nothing."""
    if role == roles.AGENCY_STAFF and not agency_code:
        raise DomainError(
            "Un funcionario/a de institución necesita --agency con el código de su institución.",
            field="agency",
        )
    if agency_code and not Agency.objects.filter(code=agency_code).exists():
        known = ", ".join(Agency.objects.order_by("code").values_list("code", flat=True))
        raise DomainError(f"La institución «{agency_code}» no existe; use una de: {known}.", field="agency")
    user, generated = create_account(email=email, role=role, password=password, actor=actor)
    if agency_code:
        add_staff_member(user=user, agency_code=agency_code, actor=actor)
    return user, generated


# --- Instruments, calls and their eligibility criteria -------------------------------------------------------------


def _local(value, field: str) -> datetime:
    """`2024-06-11T15:00` (Santiago local time) or an aware datetime → aware datetime."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            raise DomainError(f"La fecha «{value}» no tiene el formato AAAA-MM-DDTHH:MM.", field=field) from None
    if not isinstance(value, datetime):
        raise DomainError("Indique fecha y hora.", field=field)
    return value if timezone.is_aware(value) else value.replace(tzinfo=SANTIAGO)


def _clp(value, field: str) -> int | None:
    if value is None or value == "":
        return None
    return clean_clp(value, field, allow_zero=True)


@transaction.atomic
def add_criterion(
    *,
    owner: Instrument | Call,
    key: str,
    branches,
    pass_message: str,
    fail_message: str,
    hint: str = "",
    source_url: str = "",
    verified: bool = True,
    position: int = 0,
) -> Criterion:
    """A criterion is ANY of its branches; a branch is ALL of its `(field, op, value)` conditions."""
    if not key or not pass_message or not fail_message:
        raise DomainError("Cada criterio necesita identificador, texto si se cumple y texto si no.", field="criteria")
    if not branches or not all(branches):
        raise DomainError(f"El criterio «{key}» no tiene condiciones.", field="criteria")
    rows = []
    for number, branch in enumerate(branches, start=1):
        for field_name, op, value in branch:
            text = value_to_text(value)
            try:
                parse_condition(field_name, op, text)
            except DomainError as exc:
                raise DomainError(f"Criterio «{key}»: {exc.message}", field=exc.field) from None
            rows.append((number, field_name, op, text))
    criterion = Criterion.objects.create(
        instrument=owner if isinstance(owner, Instrument) else None,
        call=owner if isinstance(owner, Call) else None,
        key=key,
        position=position,
        pass_message=pass_message,
        fail_message=fail_message,
        hint=hint,
        source_url=source_url,
        verified=verified,
    )
    Condition.objects.bulk_create(
        [Condition(criterion=criterion, branch=n, field=f, op=o, value=v) for n, f, o, v in rows]
    )
    return criterion


def _add_criteria(owner, criteria) -> None:
    for position, item in enumerate(criteria or ()):
        branches = item["any"] if "any" in item else [item["all"]]
        add_criterion(
            owner=owner,
            key=item["id"],
            branches=branches,
            pass_message=item["pass"],
            fail_message=item["fail"],
            hint=item.get("hint", ""),
            source_url=item.get("source", ""),
            verified=item.get("verified", True),
            position=position,
        )


@transaction.atomic
def create_instrument(
    *,
    code: str,
    name: str,
    agency_code: str,
    purpose: str,
    audience: str,
    finances: str,
    co_agency_code: str | None = None,
    how_to_apply: str = "",
    own_contribution: str = "",
    subsidy_min_clp: int | None = None,
    subsidy_max_clp: int | None = None,
    beneficiaries=(),
    objectives=(),
    url: str = "",
    sources=(),
    referential=(),
    criteria=(),
    actor=None,
) -> Instrument:
    if Instrument.objects.filter(code=code).exists():
        raise DomainError(f"Ya existe un instrumento con el código «{code}».", field="code")
    agency = Agency.objects.filter(code=agency_code).first()
    if agency is None:
        raise DomainError(f"La institución «{agency_code}» no existe.", field="agency")
    co_agency = Agency.objects.filter(code=co_agency_code).first() if co_agency_code else None
    if co_agency_code and co_agency is None:
        raise DomainError(f"La institución «{co_agency_code}» no existe.", field="co_agency")
    unknown = [b for b in beneficiaries if b not in BENEFICIARY_KINDS] + [o for o in objectives if o not in OBJECTIVES]
    if unknown:
        raise DomainError(f"Valores desconocidos: {', '.join(unknown)}.", field="beneficiaries")
    low, high = _clp(subsidy_min_clp, "subsidy_min_clp"), _clp(subsidy_max_clp, "subsidy_max_clp")
    if low is not None and high is not None and low > high:
        raise DomainError("El subsidio mínimo no puede superar al máximo.", field="subsidy_min_clp")
    instrument = Instrument.objects.create(
        code=code,
        name=name,
        agency=agency,
        co_agency=co_agency,
        purpose=purpose,
        audience=audience,
        finances=finances,
        how_to_apply=how_to_apply,
        own_contribution=own_contribution,
        subsidy_min_clp=low,
        subsidy_max_clp=high,
        url=url,
        sources=list(sources),
        referential=list(referential),
        **{f"for_{b}": True for b in beneficiaries},
        **{f"obj_{o}": True for o in objectives},
    )
    _add_criteria(instrument, criteria)
    audit.record(actor=actor, action="catalog.instrument.created", obj=instrument, after={"code": code})
    return instrument


@transaction.atomic
def create_call(
    *,
    code: str,
    instrument_code: str,
    title: str,
    year: int,
    region_code: str,
    opens_at,
    closes_at,
    funding_source: str,
    focus_provinces=(),
    focus_communes=(),
    focus_activity_codes=(),
    focus_note: str = "",
    budget_clp: int | None = None,
    places: int | None = None,
    subsidy_min_clp: int | None = None,
    subsidy_max_clp: int | None = None,
    how_to_apply: str = "",
    url: str = "",
    sources=(),
    referential=(),
    criteria=(),
    actor=None,
) -> Call:

    if Call.objects.filter(code=code).exists():
        raise DomainError(f"Ya existe una convocatoria con el código «{code}».", field="code")
    instrument = Instrument.objects.filter(code=instrument_code).first()
    if instrument is None:
        raise DomainError(f"El instrumento «{instrument_code}» no existe.", field="instrument")
    region = get_region(region_code)
    if region is None:
        raise DomainError(f"La región «{region_code}» no existe.", field="region")
    opens, closes = _local(opens_at, "opens_at"), _local(closes_at, "closes_at")
    if closes <= opens:
        raise DomainError("El cierre debe ser posterior a la apertura.", field="closes_at")
    if funding_source not in FUNDING_SOURCES:
        raise DomainError(f"Use una fuente de financiamiento de: {', '.join(FUNDING_SOURCES)}.", field="funding_source")
    for province in focus_provinces:
        if not str(province).startswith(region.code) or len(str(province)) != 3:
            raise DomainError(f"La provincia «{province}» no es de la región {region.code}.", field="focus_provinces")
    for commune_code in focus_communes:
        commune = get_commune(str(commune_code))
        if commune is None or commune.region_id != region.code:
            raise DomainError(f"La comuna «{commune_code}» no es de la región {region.code}.", field="focus_communes")
    for activity in focus_activity_codes:
        if get_activity(str(activity)) is None:
            raise DomainError(f"La actividad SII «{activity}» no existe.", field="focus_activity_codes")
    if places is not None and (not isinstance(places, int) or places < 0):
        raise DomainError("Los cupos deben ser un número entero, cero o mayor.", field="places")
    low, high = _clp(subsidy_min_clp, "subsidy_min_clp"), _clp(subsidy_max_clp, "subsidy_max_clp")
    if low is not None and high is not None and low > high:
        raise DomainError("El subsidio mínimo no puede superar al máximo.", field="subsidy_min_clp")
    call = Call.objects.create(
        code=code,
        instrument=instrument,
        title=title,
        year=year,
        region=region,
        focus_provinces=[str(p) for p in focus_provinces],
        focus_communes=[str(c) for c in focus_communes],
        focus_activity_codes=[str(a) for a in focus_activity_codes],
        focus_note=focus_note,
        opens_at=opens,
        closes_at=closes,
        budget_clp=_clp(budget_clp, "budget_clp"),
        places=places,
        subsidy_min_clp=low,
        subsidy_max_clp=high,
        funding_source=funding_source,
        how_to_apply=how_to_apply,
        url=url,
        sources=list(sources),
        referential=list(referential),
    )
    _add_criteria(call, criteria)
    audit.record(
        actor=actor, action="catalog.call.created", obj=call, after={"code": code, "instrument": instrument.code}
    )
    return call
