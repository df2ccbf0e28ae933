"""Whose account is which person. A RUT typed by a user is a claim; only a verified identity (ClaveÚnica, or a staff
member who saw the person's ID card, audited) binds an account to a registry record.

Issue 10, hole 5: a self-declared RUT never merges with, links to or reveals a record created by staff or an
import, and the form answers the same whether the RUT is known or not. Claims that collide with the registry or
with each other wait in the staff queue (`selectors.identity_conflicts`).
"""

from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone

from panal.core import audit
from panal.core.errors import DomainError

from .. import cleaning as c
from ..models import IDENTITY_METHODS, Person
from .common import PERSON_FIELDS, _snapshot
from .people import clean_person_values

LINKED = "linked"  # the account is now bound to the registry person with that RUT
PENDING_MERGE = "pending_merge"  # the account keeps its declared record; staff must merge it into the registry one


@transaction.atomic
def declare_own_person(*, user, rut, first_names, last_names, actor=None, **fields) -> Person:
    """The account holder's own record, RUT unverified. It never looks the RUT up: no answer depends on it."""
    if Person.objects.filter(user=user).exists():
        raise DomainError("Esta cuenta ya tiene su ficha; corríjala en «Mis datos».", field="rut")
    values = clean_person_values({"rut": rut, "first_names": first_names, "last_names": last_names, **fields})
    values["declared_rut"] = values.pop("rut")
    try:
        with transaction.atomic():
            person = Person.objects.create(user=user, rut=None, **values)
    except IntegrityError:  # the same account submitted twice at once
        raise DomainError("Esta cuenta ya tiene su ficha; corríjala en «Mis datos».", field="rut") from None
    audit.record(
        actor=actor or user,
        action="registry.person.declared",
        obj=person,
        after={**_snapshot(person, [f for f in PERSON_FIELDS if f != "rut"]), "declared_rut": person.declared_rut},
    )
    return person


def _mark_verified(person: Person, *, method: str, actor, reason: str) -> None:
    person.identity_verified_via = method
    person.identity_verified_at = timezone.now()
    person.save(update_fields=["identity_verified_via", "identity_verified_at", "updated_at"])
    audit.record(
        actor=actor,
        action="registry.person.identity_verified",
        obj=person,
        after={"user": person.user_id, "method": method, "rut": person.rut},
        reason=reason,
    )


@transaction.atomic
def verify_identity(
    *, user, rut, method: str, actor=None, reason: str = "", first_names: str = "", last_names: str = ""
) -> tuple[Person, str]:
    """`user` proved to be the person with `rut` (ClaveÚnica or staff). Returns (the account's person, status).

    - the registry has that RUT: the account is bound to it (an unverified earlier link to another account is
      undone, audited); the account's own declared record is dropped when nothing refers to it, otherwise the
      account keeps it and staff merge the two (PENDING_MERGE);
    - the registry does not: the account's declared record becomes the registry record, or one is created
      from the verified names.
    """
    if method not in IDENTITY_METHODS:
        raise DomainError("Método de verificación desconocido.", field="method")
    canonical = c.clean_rut(rut)
    registry = Person.objects.select_for_update().filter(rut=canonical).first()
    own = Person.objects.select_for_update().filter(user=user).first()
    if registry is not None and registry == own:
        _mark_verified(registry, method=method, actor=actor, reason=reason)
        return registry, LINKED
    if registry is not None:
        if registry.user_id is not None and registry.identity_verified:
            raise DomainError("Esa persona ya tiene otra cuenta con identidad verificada.", field="rut")
        if own is not None:
            if not own.is_declared_only:
                raise DomainError("Esta cuenta ya está vinculada a otra persona del registro.", field="user")
            if not _drop_declared(own, actor=actor):
                return own, PENDING_MERGE
        if registry.user_id is not None:
            audit.record(
                actor=actor,
                action="registry.person.user_unlinked",
                obj=registry,
                before={"user": registry.user_id},
                reason="la identidad de la persona se verificó desde otra cuenta",
            )
        registry.user = user
        registry.save(update_fields=["user", "updated_at"])
        _mark_verified(registry, method=method, actor=actor, reason=reason)
        return registry, LINKED
    if own is not None:
        if not own.is_declared_only:
            raise DomainError("Esta cuenta ya está vinculada a otra persona del registro.", field="user")
        before = {"rut": own.rut, "declared_rut": own.declared_rut}
        own.rut, own.declared_rut = canonical, ""
        if first_names and last_names:
            own.first_names, own.last_names = first_names[:120], last_names[:120]
        own.save()
        audit.record(actor=actor, action="registry.person.rut_verified", obj=own, before=before, after={"rut": own.rut})
        _mark_verified(own, method=method, actor=actor, reason=reason)
        return own, LINKED
    if not (first_names and last_names):
        raise DomainError("Faltan los nombres de la persona verificada.", field="first_names")
    person = Person.objects.create(rut=canonical, first_names=first_names[:120], last_names=last_names[:120], user=user)
    audit.record(actor=actor, action="registry.person.created", obj=person, after=_snapshot(person, PERSON_FIELDS))
    _mark_verified(person, method=method, actor=actor, reason=reason)
    return person, LINKED


def _drop_declared(person: Person, *, actor) -> bool:
    """Remove a declared record superseded by the registry one, unless something (an application) refers to it."""
    snapshot = {**_snapshot(person, [f for f in PERSON_FIELDS if f != "rut"]), "declared_rut": person.declared_rut}
    pk = person.pk
    try:
        with transaction.atomic():
            person.delete()
    except (ProtectedError, IntegrityError):
        return False
    audit.record(
        actor=actor,
        action="registry.person.declared_dropped",
        object_type="registry.person",
        object_id=pk,
        before=snapshot,
        reason="reemplazada por la ficha del registro al verificar la identidad",
    )
    return True


@transaction.atomic
def staff_verify_account(*, person: Person, user, actor, reason: str) -> tuple[Person, str]:
    """A staff member saw the person's ID and binds `user` to the registry `person` (the reason is audited)."""
    reason = c.clean_required_text(reason, "reason", "cómo verificó la identidad", 300)
    if person.is_declared_only:
        # Verifying a declared record: its RUT becomes the registry's (or it joins the registry record).
        if person.user_id != user.pk:
            raise DomainError("Esa ficha declarada pertenece a otra cuenta.", field="email")
        return verify_identity(user=user, rut=person.declared_rut, method="staff", actor=actor, reason=reason)
    return verify_identity(user=user, rut=person.rut, method="staff", actor=actor, reason=reason)
