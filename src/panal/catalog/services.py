from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from panal.core import audit, roles
from panal.core.dates import SANTIAGO
from panal.core.errors import DomainError
from panal.core.money import clean_clp
from panal.core.services import create_account
from panal.reference.selectors import get_activity
from panal.territory.selectors import get_commune, get_region

from .criteria import BOOL, FIELDS, parse_condition, value_to_text
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
def remove_staff_member(*, membership: AgencyStaff, actor=None) -> None:
    audit.record(
        actor=actor, action="catalog.agency_staff.removed", obj=membership, before={"agency": membership.agency.code}
    )
    membership.delete()


@transaction.atomic
def save_catalog_entry(*, actor, obj, changed: list[str] | None = None):
    """Save an agency, instrument, criterion or condition edited by an administrator: validated by the model's
    rules (full_clean, constraints) and audited with what changed. Calls are not saved here (they have their own
    rules on dates and money)."""
    if not isinstance(obj, Agency | Instrument | Criterion | Condition):
        raise DomainError("Este objeto no se edita aquí.", field="__all__")
    created = obj.pk is None
    try:
        obj.full_clean()
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise DomainError(" ".join(messages), field=field) from None
    obj.save()
    kind = obj._meta.model_name  # agency, instrument, criterion or condition
    audit.record(
        actor=actor,
        action=f"catalog.{kind}.created" if created else f"catalog.{kind}.updated",
        obj=obj,
        after={f: str(getattr(obj, f, "")) for f in (changed or [])},
    )
    return obj


@transaction.atomic
def delete_catalog_entry(*, actor, obj) -> None:
    if not isinstance(obj, Agency | Instrument | Criterion | Condition):
        raise DomainError("Este objeto no se borra aquí.", field="__all__")
    kind = obj._meta.model_name  # agency, instrument, criterion or condition
    audit.record(actor=actor, action=f"catalog.{kind}.deleted", obj=obj, before={"repr": str(obj)[:200]})
    obj.delete()


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


def _day(value, field: str):
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise DomainError(f"La fecha «{value}» no tiene el formato AAAA-MM-DD.", field=field) from None


def _tiers(tiers) -> list[dict]:
    """Caps by sales bracket: [{sales_uf_max, max_clp, share_pct}] with rising brackets (hard rule 20)."""
    clean, previous = [], -1
    for tier in tiers or ():
        try:
            top, cap, share = int(tier["sales_uf_max"]), int(tier["max_clp"]), int(tier["share_pct"])
        except (KeyError, TypeError, ValueError):
            raise DomainError(
                "Cada tramo necesita sales_uf_max, max_clp y share_pct enteros.", field="subsidy_tiers"
            ) from None
        if top <= previous or cap < 0 or not 0 < share <= 100:
            raise DomainError(
                "Los tramos van de menor a mayor venta, con tope en pesos y porcentaje entre 1 y 100.",
                field="subsidy_tiers",
            )
        previous = top
        clean.append({"sales_uf_max": top, "max_clp": cap, "share_pct": share})
    return clean


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
    source_note: str = "",
    declaration: bool = False,
    position: int = 0,
) -> Criterion:
    """A criterion is ANY of its branches; a branch is ALL of its `(field, op, value)` conditions.

    A declaration (something the applicant declares under oath, e.g. no overdue debts) must be one yes/no
    condition: the engine and the compiled query treat «unknown» as «will be declared» only for that shape."""
    if not key or not pass_message or not fail_message:
        raise DomainError("Cada criterio necesita identificador, texto si se cumple y texto si no.", field="criteria")
    if not branches or not all(branches):
        raise DomainError(f"El criterio «{key}» no tiene condiciones.", field="criteria")
    if declaration and (len(branches) != 1 or len(branches[0]) != 1 or branches[0][0][1] != "eq"):
        raise DomainError(
            f"El criterio declarado «{key}» debe tener una sola condición «es igual a» sobre un dato sí/no.",
            field="criteria",
        )
    rows = []
    for number, branch in enumerate(branches, start=1):
        for field_name, op, value in branch:
            text = value_to_text(value)
            try:
                parse_condition(field_name, op, text)
            except DomainError as exc:
                raise DomainError(f"Criterio «{key}»: {exc.message}", field=exc.field) from None
            if declaration and FIELDS[field_name].kind != BOOL:
                raise DomainError(f"El criterio declarado «{key}» debe ser sobre un dato sí/no.", field="criteria")
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
        source_note=source_note,
        declaration=declaration,
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
            source_note=item.get("source_note", ""),
            declaration=item.get("declaration", False),
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
    sector_list_unknown: bool = False,
    deadline_note: str = "",
    rules_reference_date=None,
    rules_from: str = "",
    subsidy_tiers=(),
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
    tiers = _tiers(subsidy_tiers)
    reference_day = _day(rules_reference_date, "rules_reference_date")
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
        sector_list_unknown=bool(sector_list_unknown),
        deadline_note=deadline_note,
        rules_reference_date=reference_day,
        rules_from=rules_from,
        subsidy_tiers=tiers,
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
