"""Writes about people: create, update, record a consent (binding an account to a person: `identity.py`)."""

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from panal.core import audit
from panal.core.errors import DomainError

from .. import cleaning as c
from ..models import (
    Consent,
    Person,
)
from .common import (
    PERSON_FIELDS,
    _activity_start,
    _changes,
    _snapshot,
    _today,
    clean_registries,
    resolve_commune,
)


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


@transaction.atomic
def record_rut_reveal(*, person: Person, actor) -> None:
    """A staff member read a person's whole RUT (lists show it masked)."""
    audit.record(actor=actor, action="registry.person.rut_revealed", obj=person)
