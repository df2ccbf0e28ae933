"""Shared by the registry's services: the audited fields, resolving communes and activities, diffs."""

from datetime import date
from decimal import Decimal

from django.utils import timezone

from panal.core.errors import DomainError
from panal.reference.firm_size import firm_size, sii_tramo
from panal.reference.models import EconomicActivity
from panal.territory.models import Commune
from panal.territory.selectors import find_commune

from .. import cleaning as c
from ..models import LEGAL_REPRESENTATIVE, REGISTRIES, Enterprise, EnterpriseYear, Representation

PERSON_FIELDS = (
    "rut",
    "first_names",
    "last_names",
    "email",
    "phone",
    "birth_date",
    "sex",
    "nationality",
    "commune",
    "has_activity_start",
    "activity_start_date",
    "registries",
)
ENTERPRISE_FIELDS = (
    "rut",
    "legal_name",
    "trade_name",
    "legal_form",
    "has_activity_start",
    "activity_start_date",
    "activity",
    "commune",
    "email",
    "phone",
    "registries",
)
COOPERATIVE_FIELDS = (
    "cooperative_class",
    "registry_number",
    "constitution_date",
    "members_men",
    "members_women",
    "members_other",
    "in_good_standing",
    "standing_checked_on",
)


def _today() -> date:
    return timezone.localdate()


def resolve_commune(value, field: str = "commune") -> Commune | None:
    """A Commune, a CUT code (`06101`) or a name in any spelling (`RANCAGUA`, `Marchigüe`); empty = unknown."""
    if value is None or value == "":
        return None
    if isinstance(value, Commune):
        return value
    commune = find_commune(str(value))
    if commune is None:
        raise DomainError(f"La comuna «{value}» no existe; escriba su nombre o su código CUT.", field=field)
    return commune


def resolve_activity(value, field: str = "activity") -> EconomicActivity | None:
    if value is None or value == "":
        return None
    if isinstance(value, EconomicActivity):
        return value
    code = str(value).strip()
    activity = EconomicActivity.objects.filter(code=code).first()
    if activity is None:
        raise DomainError(f"La actividad económica SII «{code}» no existe.", field=field)
    return activity


def clean_registries(value, field: str = "registries") -> dict[str, bool]:
    if isinstance(value, str):
        value = [v for v in (p.strip().upper() for p in value.replace(";", ",").split(",")) if v]
    codes = list(value or ())
    unknown = [code for code in codes if code not in REGISTRIES]
    if unknown:
        raise DomainError(
            f"Registro desconocido: {', '.join(unknown)}; use {', '.join(REGISTRIES)}.",
            field=field,
        )
    return {"in_rpa": "RPA" in codes, "in_rna": "RNA" in codes, "in_roa": "ROA" in codes}


def _activity_start(has_start, start_date, *, today: date) -> tuple[bool | None, date | None]:
    has_start = c.clean_bool(has_start, "has_activity_start", "inicio de actividades")
    start_date = c.clean_date(start_date, "activity_start_date", "la fecha de inicio de actividades", today=today)
    if start_date is not None and has_start is False:
        raise DomainError(
            "Indicó que no tiene inicio de actividades pero dio una fecha de inicio; corrija uno de los dos.",
            field="activity_start_date",
        )
    if start_date is not None and has_start is None:
        has_start = True
    return has_start, start_date


def _snapshot(obj, fields) -> dict:
    data = {}
    for name in fields:
        if name == "registries":
            data[name] = obj.registries
            continue
        value = getattr(obj, name)
        if hasattr(value, "pk"):
            value = value.pk
        elif isinstance(value, date | Decimal):
            value = str(value)
        data[name] = value
    return data


def _changes(before: dict, after: dict) -> tuple[dict, dict]:
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def derived_sales(years) -> dict:
    """From `(year, sales_uf)` pairs: the latest year with sales, its sales, size (Ley 20.416) and SII bracket."""
    known = [(year, sales) for year, sales in years if sales is not None]
    if not known:
        return {"sales_year": None, "annual_sales_uf": None, "size": "", "sii_tramo": None}
    year, sales = max(known, key=lambda pair: pair[0])
    return {"sales_year": year, "annual_sales_uf": sales, "size": firm_size(sales), "sii_tramo": sii_tramo(sales)}


def refresh_derived(enterprise: Enterprise) -> Enterprise:
    derived = derived_sales(EnterpriseYear.objects.filter(enterprise=enterprise).values_list("year", "sales_uf"))
    rep = (
        Representation.objects.filter(enterprise=enterprise, role=LEGAL_REPRESENTATIVE)
        .order_by("id")
        .values_list("person_id", flat=True)
        .first()
    )
    changed = [name for name, value in derived.items() if getattr(enterprise, name) != value]
    for name in changed:
        setattr(enterprise, name, derived[name])
    if enterprise.legal_representative_id != rep:
        enterprise.legal_representative_id = rep
        changed.append("legal_representative")
    if changed:
        enterprise.save(update_fields=[*changed, "updated_at"])
    return enterprise
