"""Who represents which enterprise or cooperative."""

from django.db import IntegrityError, transaction

from panal.core import audit

from .. import cleaning as c
from ..models import (
    Enterprise,
    Person,
    Representation,
)
from .common import _today, refresh_derived


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
