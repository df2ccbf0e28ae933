"""Admissibility requirement by requirement, and the correction window (subsanación).

Staff mark each of the call's requirements *cumple / no cumple / subsanable* with a note. A fixable requirement
opens a window of N business days (the call's `correction_business_days`, Chilean holidays of the call's region)
in which the applicant replaces the document and sends the correction; when the window closes without it, the
application returns to review as it stands: it is re-checked, never dropped by a timer."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from panal.core import audit
from panal.core.errors import DomainError
from panal.core.jobs import job
from panal.reference.business_days import add_business_days

from ..models import AdmissibilityCheck, Application
from ..workflow import CORRECTING, SUBMITTED
from .common import _check_perm, _lock, apply_transition, clean_text, logs_refusals


def requirements_of(call) -> list[dict]:
    form = getattr(call, "application_form", None)
    return list(((form.admissibility if form else None) or {}).get("requirements", []))


def correction_days(call) -> int:
    return int((call.application_form.admissibility or {}).get("correction_business_days", 5))


@logs_refusals
@transaction.atomic
def check_requirements(*, application: Application, actor, verdicts: dict) -> list[AdmissibilityCheck]:
    """Record staff's verdict on some requirements: `{key: {"verdict": "meets"|"fails"|"fixable", "note": ""}}`."""
    application = _lock(application)
    _check_perm(actor, "review", application, "Solo el equipo de la institución de la convocatoria revisa requisitos.")
    if application.state != SUBMITTED:
        raise DomainError(
            f"Los requisitos se revisan con la postulación enviada (estado: {application.state_label}).", field="state"
        )
    known = {r["key"]: r["label"] for r in requirements_of(application.call)}
    saved = []
    for key, item in verdicts.items():
        if key not in known:
            shown = str(key)[:60].replace("\x00", "")
            raise DomainError(f"«{shown}» no es un requisito de esta convocatoria.", field="requirement")
        verdict, note = item.get("verdict", ""), clean_text(item.get("note"), field=key, max_length=2000)
        if not verdict:
            continue
        if verdict not in ("meets", "fails", "fixable"):
            raise DomainError(f"«{known[key]}»: elija cumple, no cumple o subsanable.", field=key)
        if verdict != "meets" and not note:
            raise DomainError(f"«{known[key]}»: escriba qué falta o qué está mal.", field=key)
        check, _ = AdmissibilityCheck.objects.update_or_create(
            application=application,
            requirement=key,
            defaults={"label": known[key], "verdict": verdict, "note": note[:2000], "checked_by": actor},
        )
        audit.record(
            actor=actor,
            action="applications.requirement.checked",
            obj=application,
            after={"requirement": key, "verdict": verdict},
            reason=note,
        )
        saved.append(check)
    return saved


def verdicts_of(application) -> dict[str, AdmissibilityCheck]:
    return {c.requirement: c for c in application.admissibility_checks.all()}


def check_before_decision(application, name: str, reason: str) -> str:
    """Under the application's lock, before an admissibility decision: the verdicts must support it. Returns the
    reason to record (composed from the failing requirements when staff wrote none)."""
    requirements = requirements_of(application.call)
    if not requirements or name not in ("declare_admissible", "declare_not_admissible"):
        return reason
    checks = verdicts_of(application)
    missing = [r["label"] for r in requirements if r["key"] not in checks]
    failing = [c for c in checks.values() if c.verdict == "fails"]
    if name == "declare_admissible":
        if missing:
            raise DomainError(f"Falta revisar: {', '.join(missing)}.", field="requirement")
        pending = [c.label for c in checks.values() if c.verdict != "meets"]
        if pending:
            raise DomainError(f"No cumple todavía: {', '.join(pending)}.", field="requirement")
        return reason
    if not failing:
        raise DomainError("Para declarar no admisible marque qué requisito no se cumple.", field="requirement")
    return reason.strip() or "; ".join(f"{c.label}: {c.note}" for c in failing)


@logs_refusals
@transaction.atomic
def request_correction(*, application: Application, actor, today=None) -> Application:
    """Open the correction window for the requirements marked fixable."""
    application = _lock(application)
    _check_perm(actor, "review", application, "Solo el equipo de la institución de la convocatoria pide subsanar.")
    checks = verdicts_of(application)
    fixable = [c for c in checks.values() if c.verdict == "fixable"]
    if not fixable:
        raise DomainError("Marque como subsanable al menos un requisito.", field="requirement")
    if any(c.verdict == "fails" for c in checks.values()):
        raise DomainError(
            "Hay un requisito que no se cumple y no es subsanable: declare no admisible.", field="requirement"
        )
    today = today or timezone.localdate()
    application.correction_due_on = add_business_days(
        today, correction_days(application.call), application.call.region_id
    )
    items = "; ".join(f"{c.label}: {c.note}" for c in fixable)
    reason = f"Debe subsanar hasta el {application.correction_due_on:%d-%m-%Y}: {items}"
    return apply_transition(
        application=application,
        actor=actor,
        name="request_correction",
        reason=reason,
        extra_audit={"correction_due_on": application.correction_due_on.isoformat()},
    )


def _reopen_fixable(application) -> None:
    """A sent (or expired) correction is reviewed again: the fixable verdicts are cleared for a new look."""
    application.admissibility_checks.filter(verdict="fixable").delete()


@logs_refusals
@transaction.atomic
def submit_correction(*, application: Application, actor, today=None) -> Application:
    application = _lock(application)
    _check_perm(actor, "submit", application, "Solo la persona que postula envía la corrección.")
    if application.state != CORRECTING:
        raise DomainError("Esta postulación no tiene un plazo para subsanar abierto.", field="state")
    if (today or timezone.localdate()) > application.correction_due_on:
        raise DomainError("El plazo para subsanar ya venció; el equipo revisará lo que envió.", field="state")
    _reopen_fixable(application)
    return apply_transition(
        application=application, actor=actor, name="submit_correction", reason="Corrección enviada por la postulante."
    )


@job
def close_expired_corrections(today_iso: str | None = None) -> int:
    """Windows whose last day has passed go back to review as they stand (run daily by the scheduler)."""

    today = date.fromisoformat(today_iso) if today_iso else timezone.localdate()
    closed = 0
    for pk in Application.objects.filter(state=CORRECTING, correction_due_on__lt=today).values_list("pk", flat=True):
        with transaction.atomic():
            application = _lock(Application(pk=pk))
            if application.state != CORRECTING:
                continue
            _reopen_fixable(application)
            apply_transition(
                application=application,
                actor=None,
                name="correction_expired",
                reason="Venció el plazo para subsanar; el equipo revisa de nuevo la postulación con lo que tiene.",
            )
            closed += 1
    return closed
