"""Every write to the registry. Keyword-only, atomic, Spanish DomainError naming the field, audited."""

from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from panal.core import audit
from panal.core.errors import DomainError
from panal.reference.firm_size import firm_size, sii_tramo
from panal.reference.models import EconomicActivity
from panal.territory.models import Commune
from panal.territory.selectors import find_commune

from . import cleaning as c
from .models import (
    LEGAL_REPRESENTATIVE,
    REGISTRIES,
    Consent,
    Cooperative,
    Enterprise,
    EnterpriseYear,
    Person,
    Representation,
)

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


def clean_person_values(values: dict, *, today: date | None = None) -> dict:
    """Clean every person field present in `values` (raw or typed). Returns model field → value."""
    today = today or _today()
    out = {}
    if "rut" in values:
        out["rut"] = c.clean_rut(values["rut"])
    if "first_names" in values:
        out["first_names"] = c.clean_required_text(values["first_names"], "first_names", "los nombres", 120)
    if "last_names" in values:
        out["last_names"] = c.clean_required_text(values["last_names"], "last_names", "los apellidos", 120)
    if "email" in values:
        out["email"] = c.clean_email(values["email"])
    if "phone" in values:
        out["phone"] = c.clean_phone(values["phone"])
    if "birth_date" in values:
        out["birth_date"] = c.clean_date(values["birth_date"], "birth_date", "la fecha de nacimiento", today=today)
    if "sex" in values:
        out["sex"] = c.clean_sex(values["sex"])
    if "nationality" in values:
        out["nationality"] = c.clean_nationality(values["nationality"])
    if "commune" in values:
        out["commune"] = resolve_commune(values["commune"])
    if "has_activity_start" in values or "activity_start_date" in values:
        out["has_activity_start"], out["activity_start_date"] = _activity_start(
            values.get("has_activity_start"), values.get("activity_start_date"), today=today
        )
    if "registries" in values:
        out.update(clean_registries(values["registries"]))
    return out


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


@transaction.atomic
def create_person(
    *,
    rut,
    first_names,
    last_names,
    email="",
    phone="",
    birth_date=None,
    sex="",
    nationality="",
    commune=None,
    has_activity_start=None,
    activity_start_date=None,
    registries=(),
    user=None,
    is_sample: bool = False,
    actor=None,
) -> Person:
    values = clean_person_values(
        {
            "rut": rut,
            "first_names": first_names,
            "last_names": last_names,
            "email": email,
            "phone": phone,
            "birth_date": birth_date,
            "sex": sex,
            "nationality": nationality,
            "commune": commune,
            "has_activity_start": has_activity_start,
            "activity_start_date": activity_start_date,
            "registries": registries,
        }
    )
    if Person.objects.filter(rut=values["rut"]).exists():
        raise DomainError(f"Ya existe una persona con el RUT {values['rut']}.", field="rut")
    if user is not None and Person.objects.filter(user=user).exists():
        raise DomainError("Esta cuenta ya está vinculada a otra persona.", field="user")
    try:
        with transaction.atomic():
            person = Person.objects.create(user=user, is_sample=is_sample, **values)
    except IntegrityError:  # a concurrent request registered the same RUT (or account) first
        raise DomainError(f"Ya existe una persona con el RUT {values['rut']}.", field="rut") from None
    audit.record(actor=actor, action="registry.person.created", obj=person, after=_snapshot(person, PERSON_FIELDS))
    return person


@transaction.atomic
def update_person(*, person: Person, actor=None, reason: str = "", **changes) -> Person:
    """Change some of a person's fields (names as in PERSON_FIELDS); the audit log keeps before and after."""
    unknown = set(changes) - set(PERSON_FIELDS)
    if unknown:
        raise DomainError(f"Campos desconocidos: {', '.join(sorted(unknown))}.", field=sorted(unknown)[0])
    if ("has_activity_start" in changes) != ("activity_start_date" in changes):
        changes.setdefault("has_activity_start", person.has_activity_start)
        changes.setdefault("activity_start_date", person.activity_start_date)
    values = clean_person_values(changes)
    person = Person.objects.select_for_update().get(pk=person.pk)
    if "rut" in values and values["rut"] != person.rut and Person.objects.filter(rut=values["rut"]).exists():
        raise DomainError(f"Ya existe una persona con el RUT {values['rut']}.", field="rut")
    before = _snapshot(person, PERSON_FIELDS)
    for name, value in values.items():
        setattr(person, name, value)
    after = _snapshot(person, PERSON_FIELDS)
    old, new = _changes(before, after)
    if new:
        person.save()
        audit.record(actor=actor, action="registry.person.updated", obj=person, before=old, after=new, reason=reason)
    return person


@transaction.atomic
def link_user_to_person(*, person: Person, user, actor=None) -> Person:
    """An applicant account is the account of this person (one account, one person)."""
    other = Person.objects.filter(user=user).exclude(pk=person.pk).first()
    if other is not None:
        raise DomainError("Esta cuenta ya está vinculada a otra persona.", field="user")
    if person.user_id and person.user_id != user.pk:
        raise DomainError("Esta persona ya tiene otra cuenta vinculada.", field="person")
    if person.user_id != user.pk:
        person.user = user
        person.save(update_fields=["user", "updated_at"])
        audit.record(actor=actor, action="registry.person.user_linked", obj=person, after={"user": user.pk})
    return person


@transaction.atomic
def record_consent(*, person: Person, purpose: str, text_version: str, accepted_at=None, actor=None) -> Consent:
    purpose = c.clean_required_text(purpose, "purpose", "la finalidad", 200)
    text_version = c.clean_required_text(text_version, "text_version", "la versión del texto", 40)
    consent = Consent.objects.create(
        person=person, purpose=purpose, text_version=text_version, accepted_at=accepted_at or timezone.now()
    )
    audit.record(
        actor=actor,
        action="registry.consent.accepted",
        obj=person,
        after={"purpose": purpose, "text_version": text_version},
    )
    return consent


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


@transaction.atomic
def add_representation(*, person: Person, enterprise: Enterprise, role, since=None, actor=None) -> Representation:
    role = c.clean_role(role)
    since = c.clean_date(since, "since", "la fecha desde", today=_today())
    try:
        with transaction.atomic():
            rep, created = Representation.objects.get_or_create(
                person=person, enterprise=enterprise, role=role, defaults={"since": since}
            )
    except IntegrityError:
        rep, created = Representation.objects.get(person=person, enterprise=enterprise, role=role), False
    if created:
        audit.record(
            actor=actor,
            action="registry.representation.added",
            obj=enterprise,
            after={"person": person.pk, "role": role},
        )
        refresh_derived(enterprise)
    return rep


@transaction.atomic
def remove_representation(*, representation: Representation, actor=None, reason: str = "") -> None:
    enterprise = representation.enterprise
    before = {"person": representation.person_id, "role": representation.role}
    representation.delete()
    audit.record(actor=actor, action="registry.representation.removed", obj=enterprise, before=before, reason=reason)
    refresh_derived(enterprise)
