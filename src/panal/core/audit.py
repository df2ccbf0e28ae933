"""The audit log's write service. Every app records its state changes through `record`.

Actions are named `<app>.<entity>.<verb>` (`registry.person.created`, `events.registration.cancelled`) and shown to
people by their Spanish label (`action_label`). Entries are never rewritten (the log is append-only), so names used
before this rule are read through LEGACY_ACTIONS."""

from django.db import models

from .audit_actions import ACTION_LABELS, LEGACY_ACTIONS, action_label, canonical_action  # noqa: F401
from .models import AuditEntry

# Only the test suite's database flush sets this (tests/conftest.py); nothing in Panal deletes audit entries.
_maintenance = {"on": False}


def maintenance_flag() -> int:
    return 1 if _maintenance["on"] else 0


def _label(actor) -> str:
    if actor is None:
        return "sistema"
    return getattr(actor, "email", None) or str(actor)


def record(
    *,
    actor,
    action: str,
    obj: models.Model | None = None,
    object_type: str | None = None,
    object_id: str | int | None = None,
    before: dict | None = None,
    after: dict | None = None,
    reason: str = "",
) -> AuditEntry:
    """Append one entry. Call it inside the same transaction as the change it describes."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = obj.pk if object_id is None else object_id
    if not object_type or object_id is None:
        raise ValueError("record() necesita obj o object_type y object_id.")
    entry = unsaved_entry(
        actor=actor,
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=str(obj) if obj is not None else "",
        before=before,
        after=after,
        reason=reason,
    )
    entry.save(force_insert=True)
    return entry


def unsaved_entry(
    *,
    actor,
    action: str,
    object_type: str,
    object_id: str | int,
    object_repr: str = "",
    before: dict | None = None,
    after: dict | None = None,
    reason: str = "",
) -> AuditEntry:
    """The entry `record` writes, not yet written: for a service that inserts it together with its change in one
    SQL statement (events' registration rush on PostgreSQL)."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEntry(
        actor=user,
        actor_label=_label(actor)[:200],
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        object_repr=object_repr[:300],
        before=before,
        after=after,
        reason=reason,
    )


def record_read(*, actor, obj: models.Model, what: str = "ficha") -> AuditEntry:
    """Staff opened someone's personal data (ASVS 7.1: who read what, when). Refused attempts are not recorded
    here but in the security log (core.security_log): this table holds what happened, not what was tried."""
    return record(actor=actor, action=f"{obj._meta.label_lower}.read", obj=obj, reason=f"Consulta de {what}.")


def history(*, object_type: str, object_id) -> models.QuerySet:
    """The object's changes (reads by staff are in the log too, but are not part of its history)."""
    rows = AuditEntry.objects.filter(object_type=object_type, object_id=str(object_id))
    return rows.exclude(action__endswith=".read").order_by("created_at", "id")
