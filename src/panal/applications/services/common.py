"""Shared by every applications service: start, save a draft, upload, submit (admissibility, deadline, folio), accept or
decline, and the generic transition every state change goes through.

Every public service here refuses bad input with a DomainError naming the field and changes nothing; the refusal is
itself written to the audit log (outside the rolled-back transaction) so that tampering attempts leave a trace.
"""

import functools

from django.utils import timezone

from panal.core import audit, security_log
from panal.core.dates import SANTIAGO
from panal.core.errors import DomainError, PermissionDenied
from panal.eligibility.engine import PROFILE_LABELS

from ..models import Application, StatusChange
from ..notifications import send_status_email
from ..workflow import TRANSITIONS


class AdmissibilityError(DomainError):
    """Submitting found problems: `problems` maps each field to its Spanish message."""

    def __init__(self, problems: dict[str, str]):
        first = next(iter(problems))
        count = len(problems)
        noun = "un problema" if count == 1 else f"{count} problemas"
        super().__init__(f"La postulación no se envió: tiene {noun}. Revise cada campo marcado.", field=first)
        self.problems = problems


class NotEligibleError(DomainError):
    """Starting a draft found a failing (code `ineligible`) or unknown (code `incomplete`) criterion: `verdict` is
    the engine's answer, so the page can list each reason, its hint and the data missing."""

    def __init__(self, verdict: dict):
        failing = [c for c in verdict["criteria"] if c["outcome"] == "fail"]
        if failing:
            first = failing[0]
            hint = f" {first['hint']}" if first.get("hint") else ""
            message = f"No puede postular a esta convocatoria: {first['message']}{hint}"
            code = "ineligible"
        else:
            labels = ", ".join(PROFILE_LABELS.get(m, m) for m in verdict.get("missing", [])) or "algunos datos"
            message = f"Antes de comenzar, complete en su ficha: {labels}. Con eso sabremos si puede postular."
            code = "incomplete"
        super().__init__(message, field="eligibility", code=code)
        self.verdict = verdict


def local_time(moment) -> str:
    """`11-06-2024 a las 15:00` in Chile's time."""
    return timezone.localtime(moment, SANTIAGO).strftime("%d-%m-%Y a las %H:%M")


def clean_text(value, *, field: str, max_length: int = 4000) -> str:
    """Free text typed by a person: trimmed; NUL bytes and lone surrogates are refused (PostgreSQL cannot store
    them), as is text longer than `max_length`."""
    text = str(value or "").strip()
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise DomainError("El texto tiene caracteres no válidos.", field=field) from None
    if "\x00" in text:
        raise DomainError("El texto tiene caracteres no válidos.", field=field)
    if len(text) > max_length:
        raise DomainError(f"El texto es demasiado largo (máximo {max_length} caracteres).", field=field)
    return text


def _record_refusal(name: str, kwargs: dict, exc: DomainError) -> None:
    application = kwargs.get("application")
    assignment = kwargs.get("assignment")
    if application is None and assignment is not None:
        application = assignment.application
    call = kwargs.get("call") or getattr(kwargs.get("session"), "call", None)
    if application is not None and getattr(application, "pk", None):
        target = {"object_type": "applications.application", "object_id": application.pk}
    elif call is not None:
        target = {"object_type": "catalog.call", "object_id": call.pk}
    else:
        target = {"object_type": "applications.application", "object_id": "-"}
    # The security log, rate-limited (issue 10): the audit table records what happened, not every refused attempt.
    security_log.refused_action(
        actor=kwargs.get("actor"), action=f"applications.refused.{name}", message=exc.message, **target
    )


def logs_refusals(func):
    """Run the service; if it refuses, write the refusal to the security log, then re-raise."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except DomainError as exc:
            _record_refusal(func.__name__, kwargs, exc)
            raise

    return wrapper


def _lock(application: Application) -> Application:
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("call", "call__instrument", "call__instrument__agency", "person", "enterprise")
        .get(pk=application.pk)
    )


def _check_perm(actor, permission: str, application: Application, message: str) -> None:
    if actor is None or not actor.has_perm(f"applications.{permission}", application):
        raise PermissionDenied(message, field="state")


def apply_transition(
    *, application: Application, actor, name: str, reason: str = "", extra_audit: dict | None = None
) -> Application:
    """Move a LOCKED application along the transition `name`: checks source state and reason, writes the history
    and the audit log, and queues the email. Permission is checked by the caller (it may need more context)."""
    transition = TRANSITIONS[name]
    if application.state not in transition.sources:
        raise PermissionDenied(
            f"No se puede «{transition.label.lower()}» una postulación en estado «{application.state_label}».",
            field="state",
        )
    reason = (reason or "").strip()
    if transition.reason_required and not reason:
        raise DomainError(f"Para «{transition.label.lower()}» escriba el motivo.", field="reason")
    before = application.state
    application.state = transition.target
    application.save()
    StatusChange.objects.create(
        application=application,
        transition=name,
        from_state=before,
        to_state=transition.target,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        reason=reason,
    )
    audit.record(
        actor=actor,
        action=f"applications.application.{name}",
        obj=application,
        before={"state": before},
        after={"state": transition.target, **(extra_audit or {})},
        reason=reason,
    )
    if transition.notify:
        send_status_email.enqueue(application.pk, name)
    return application
