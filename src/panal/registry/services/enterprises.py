"""Writes about enterprises, their yearly figures and cooperatives."""

from datetime import date

from django.db import IntegrityError, transaction

from panal.core import audit
from panal.core.errors import DomainError

from .. import cleaning as c
from ..models import (
    LEGAL_REPRESENTATIVE,
    Cooperative,
    Enterprise,
    EnterpriseYear,
    Person,
)
from .common import (
    COOPERATIVE_FIELDS,
    ENTERPRISE_FIELDS,
    _activity_start,
    _changes,
    _snapshot,
    _today,
    clean_registries,
    refresh_derived,
    resolve_activity,
    resolve_commune,
)
from .representation import add_representation


def clean_enterprise_values(values: dict, *, today: date | None = None) -> dict:
    today = today or _today()
    out = {}
    if "rut" in values:
        out["rut"] = c.clean_rut(values["rut"])
    if "legal_name" in values:
        out["legal_name"] = c.clean_required_text(values["legal_name"], "legal_name", "la razón social", 200)
    if "trade_name" in values:
        out["trade_name"] = c.clean_optional_text(values["trade_name"], "trade_name", "el nombre de fantasía", 200)
    if "legal_form" in values:
        out["legal_form"] = c.clean_legal_form(values["legal_form"])
    if "has_activity_start" in values or "activity_start_date" in values:
        out["has_activity_start"], out["activity_start_date"] = _activity_start(
            values.get("has_activity_start"), values.get("activity_start_date"), today=today
        )
    if "activity" in values:
        out["activity"] = resolve_activity(values["activity"])
    if "commune" in values:
        out["commune"] = resolve_commune(values["commune"])
    if "email" in values:
        out["email"] = c.clean_email(values["email"])
    if "phone" in values:
        out["phone"] = c.clean_phone(values["phone"])
    if "registries" in values:
        out.update(clean_registries(values["registries"]))
    return out


def clean_year_values(item: dict, *, today: date | None = None) -> dict:
    today = today or _today()
    return {
        "year": c.clean_year(item.get("year"), "year", today=today),
        "sales_uf": c.clean_decimal(item.get("sales_uf"), "sales_uf", "las ventas anuales (UF)"),
        "employees": c.clean_int(item.get("employees"), "employees", "el número de trabajadores/as"),
        "wages_clp": c.clean_int(item.get("wages_clp"), "wages_clp", "las remuneraciones (CLP)"),
    }


@transaction.atomic
def set_enterprise_year(
    *, enterprise: Enterprise, year, sales_uf=None, employees=None, wages_clp=None, actor=None, reason: str = ""
) -> EnterpriseYear:
    """Record (or correct) one year's sales, employees and wages; the size and bracket follow by themselves."""
    values = clean_year_values({"year": year, "sales_uf": sales_uf, "employees": employees, "wages_clp": wages_clp})
    existing = EnterpriseYear.objects.filter(enterprise=enterprise, year=values["year"]).first()
    before = None
    if existing is not None:
        before = {k: str(getattr(existing, k)) if getattr(existing, k) is not None else None for k in values}
    row, _ = EnterpriseYear.objects.update_or_create(
        enterprise=enterprise, year=values["year"], defaults={k: v for k, v in values.items() if k != "year"}
    )
    after = {k: str(v) if v is not None else None for k, v in values.items()}
    if before != after:
        audit.record(
            actor=actor,
            action="registry.enterprise.year_set",
            obj=enterprise,
            before=before,
            after=after,
            reason=reason,
        )
    refresh_derived(enterprise)
    return row


def clean_cooperative_values(values: dict, *, today: date | None = None) -> dict:
    today = today or _today()
    out = {
        "cooperative_class": c.clean_cooperative_class(values.get("cooperative_class")),
        "registry_number": c.clean_optional_text(values.get("registry_number"), "registry_number", "el rol", 30),
        "constitution_date": c.clean_date(
            values.get("constitution_date"), "constitution_date", "la fecha de constitución", today=today
        ),
        "members_men": c.clean_int(values.get("members_men"), "members_men", "los socios hombres") or 0,
        "members_women": c.clean_int(values.get("members_women"), "members_women", "las socias mujeres") or 0,
        "members_other": c.clean_int(values.get("members_other"), "members_other", "los otros socios") or 0,
        "in_good_standing": c.clean_bool(values.get("in_good_standing"), "in_good_standing", "vigente"),
        "standing_checked_on": c.clean_date(
            values.get("standing_checked_on"), "standing_checked_on", "la fecha de revisión de vigencia", today=today
        ),
    }
    if out["members_men"] + out["members_women"] + out["members_other"] == 0:
        raise DomainError("Una cooperativa debe tener al menos un socio o socia.", field="members_women")
    return out


@transaction.atomic
def set_cooperative(*, enterprise: Enterprise, actor=None, reason: str = "", **values) -> Cooperative:
    """Make the enterprise a cooperative, or update its cooperative data."""
    unknown = set(values) - set(COOPERATIVE_FIELDS)
    if unknown:
        raise DomainError(f"Campos desconocidos: {', '.join(sorted(unknown))}.", field=sorted(unknown)[0])
    existing = Cooperative.objects.filter(enterprise=enterprise).first()
    merged = {name: getattr(existing, name) for name in COOPERATIVE_FIELDS} | values if existing is not None else values
    clean = clean_cooperative_values(merged)
    number = clean["registry_number"]
    if number and Cooperative.objects.filter(registry_number=number).exclude(enterprise=enterprise).exists():
        raise DomainError(f"El rol {number} ya pertenece a otra cooperativa.", field="registry_number")
    before = _snapshot(existing, COOPERATIVE_FIELDS) if existing else None
    coop, _ = Cooperative.objects.update_or_create(enterprise=enterprise, defaults=clean)
    after = _snapshot(coop, COOPERATIVE_FIELDS)
    if before != after:
        old, new = _changes(before, after) if before else (None, after)
        audit.record(
            actor=actor, action="registry.cooperative.set", obj=enterprise, before=old, after=new, reason=reason
        )
    if enterprise.legal_form == "otra":
        Enterprise.objects.filter(pk=enterprise.pk).update(legal_form="cooperativa")
        enterprise.legal_form = "cooperativa"
    return coop


@transaction.atomic
def create_enterprise(
    *,
    rut,
    legal_name,
    trade_name="",
    legal_form="otra",
    has_activity_start=None,
    activity_start_date=None,
    activity=None,
    commune=None,
    email="",
    phone="",
    registries=(),
    years=(),
    cooperative: dict | None = None,
    legal_representative: Person | None = None,
    is_sample: bool = False,
    actor=None,
) -> Enterprise:
    """An enterprise with, optionally, its yearly figures (`[{"year", "sales_uf", "employees", "wages_clp"}]`),
    its cooperative data (keys of COOPERATIVE_FIELDS) and its legal representative."""
    values = clean_enterprise_values(
        {
            "rut": rut,
            "legal_name": legal_name,
            "trade_name": trade_name,
            "legal_form": legal_form,
            "has_activity_start": has_activity_start,
            "activity_start_date": activity_start_date,
            "activity": activity,
            "commune": commune,
            "email": email,
            "phone": phone,
            "registries": registries,
        }
    )
    if Enterprise.objects.filter(rut=values["rut"]).exists():
        raise DomainError(f"Ya existe una empresa con el RUT {values['rut']}.", field="rut")
    year_rows = [clean_year_values(item) for item in years]
    seen = [row["year"] for row in year_rows]
    if len(seen) != len(set(seen)):
        raise DomainError("Un mismo año aparece dos veces en la historia de ventas.", field="years")
    try:
        with transaction.atomic():
            enterprise = Enterprise.objects.create(is_sample=is_sample, **values)
    except IntegrityError:  # a concurrent request registered the same RUT first
        raise DomainError(f"Ya existe una empresa con el RUT {values['rut']}.", field="rut") from None
    EnterpriseYear.objects.bulk_create([EnterpriseYear(enterprise=enterprise, **row) for row in year_rows])
    audit.record(
        actor=actor,
        action="registry.enterprise.created",
        obj=enterprise,
        after=_snapshot(enterprise, ENTERPRISE_FIELDS),
    )
    if cooperative is not None:
        set_cooperative(enterprise=enterprise, actor=actor, **cooperative)
    if legal_representative is not None:
        add_representation(person=legal_representative, enterprise=enterprise, role=LEGAL_REPRESENTATIVE, actor=actor)
    refresh_derived(enterprise)
    return enterprise


@transaction.atomic
def update_enterprise(*, enterprise: Enterprise, actor=None, reason: str = "", **changes) -> Enterprise:
    unknown = set(changes) - set(ENTERPRISE_FIELDS)
    if unknown:
        raise DomainError(f"Campos desconocidos: {', '.join(sorted(unknown))}.", field=sorted(unknown)[0])
    if ("has_activity_start" in changes) != ("activity_start_date" in changes):
        changes.setdefault("has_activity_start", enterprise.has_activity_start)
        changes.setdefault("activity_start_date", enterprise.activity_start_date)
    values = clean_enterprise_values(changes)
    enterprise = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
    if "rut" in values and values["rut"] != enterprise.rut and Enterprise.objects.filter(rut=values["rut"]).exists():
        raise DomainError(f"Ya existe una empresa con el RUT {values['rut']}.", field="rut")
    before = _snapshot(enterprise, ENTERPRISE_FIELDS)
    for name, value in values.items():
        setattr(enterprise, name, value)
    after = _snapshot(enterprise, ENTERPRISE_FIELDS)
    old, new = _changes(before, after)
    if new:
        enterprise.save()
        audit.record(
            actor=actor, action="registry.enterprise.updated", obj=enterprise, before=old, after=new, reason=reason
        )
    return enterprise
