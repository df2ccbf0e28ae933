"""The recurso de reposición (Ley 19.880, art. 59): within five business days of being notified of a rejection or a
declaration of non-admissibility, the applicant asks the same authority to reconsider, with reasons and attachments.
Staff resolve it with reasons: an accepted one sends the case back (a rejection to the committee, which decides again;
non-admissibility to admissibility review). Every step is audited and the applicant is notified."""

import secrets

from django.db import transaction
from django.utils import timezone

from panal.core import audit
from panal.core.dates import SANTIAGO
from panal.core.errors import DomainError, PermissionDenied
from panal.reference.business_days import add_business_days

from ..models import Application, Decision, Reconsideration, ReconsiderationAttachment, StatusChange
from ..notifications import send_reconsideration_email
from .common import _check_perm, _lock, apply_transition, logs_refusals
from .declarations import checked_file

BUSINESS_DAYS = 5
MAX_TEXT = 10_000
MAX_FILES = 5
# the notified transition that can be contested → the transition an accepted recurso applies
REOPENS = {"reject": "reopen_decision", "declare_not_admissible": "reopen_admissibility"}


def contestable(application: Application, now=None) -> dict | None:
    """The decision the applicant may contest now, its deadline and whether it is still open; None if none."""
    change = (
        StatusChange.objects.filter(application=application, transition__in=REOPENS, to_state=application.state)
        .order_by("-created_at", "-id")
        .first()
    )
    if change is None:
        return None
    notified = timezone.localtime(change.created_at, SANTIAGO).date()
    deadline = add_business_days(notified, BUSINESS_DAYS, region=application.call.region_id)
    today = timezone.localtime(now or timezone.now(), SANTIAGO).date()
    filed = Reconsideration.objects.filter(application=application, notified_change=change).first()
    return {"change": change, "notified": notified, "deadline": deadline, "open": today <= deadline, "filed": filed}


@logs_refusals
@transaction.atomic
def file_reconsideration(*, application: Application, actor, text: str, files=(), now=None) -> Reconsideration:
    """The applicant files a recurso de reposición; refused after the deadline (with the dates) or without reasons."""
    application = _lock(application)
    _check_perm(actor, "submit", application, "Solo la persona que postula puede presentar un recurso.")
    window = contestable(application, now)
    if window is None:
        raise DomainError("Su postulación no tiene una decisión que se pueda recurrir.", field="application")
    if window["filed"] is not None:
        return window["filed"]  # a double click or a retry: the recurso already filed
    if not window["open"]:
        raise DomainError(
            f"El plazo para presentar un recurso de reposición venció el {window['deadline']:%d-%m-%Y} (cinco días "
            f"hábiles desde la notificación del {window['notified']:%d-%m-%Y}).",
            field="text",
            code="late",
        )
    text = (text or "").replace("\x00", "").strip()
    if not text:
        raise DomainError("Escriba los fundamentos de su recurso.", field="text")
    if len(text) > MAX_TEXT:
        raise DomainError(
            f"Los fundamentos pueden tener hasta {MAX_TEXT:,} caracteres.".replace(",", "."), field="text"
        )
    files = [f for f in files if f]
    if len(files) > MAX_FILES:
        raise DomainError(f"Puede adjuntar hasta {MAX_FILES} archivos.", field="files")
    checked = [
        (f, *checked_file(f, field="files", label="Adjunto", allowed=("pdf", "jpg", "jpeg", "png"))) for f in files
    ]
    item = Reconsideration.objects.create(
        application=application,
        notified_change=window["change"],
        text=text,
        deadline=window["deadline"],
        filed_by=actor,
    )
    for f, ext, size, sha in checked:
        name = (getattr(f, "name", "") or "adjunto").rsplit("/", 1)[-1][:150]
        attachment = ReconsiderationAttachment(reconsideration=item, original_name=name, size=size, sha256=sha)
        attachment.file.save(f"{secrets.token_hex(6)}.{ext}", f, save=False)
        attachment.save()
    audit.record(
        actor=actor,
        action="applications.reconsideration.filed",
        obj=application,
        after={"reconsideration": item.pk, "attachments": len(checked), "deadline": item.deadline.isoformat()},
    )

    send_reconsideration_email.enqueue(item.pk, "filed")
    return item


@logs_refusals
@transaction.atomic
def resolve_reconsideration(*, reconsideration: Reconsideration, actor, accept: bool, reasons: str) -> Reconsideration:
    """Staff accept (acoger) or reject (rechazar) a recurso, with reasons; accepting reopens the decision."""
    item = Reconsideration.objects.select_for_update().get(pk=reconsideration.pk)
    application = _lock(item.application)
    _check_perm(actor, "review", application, "Solo el equipo de la institución que convoca resuelve los recursos.")
    if application.person.user_id == getattr(actor, "pk", None):
        raise PermissionDenied("No puede resolver un recurso sobre su propia postulación.", field="state")
    if item.state != "pending":
        raise DomainError(f"El recurso ya fue resuelto ({item.get_state_display().lower()}).", field="state")
    reasons = (reasons or "").replace("\x00", "").strip()
    if not reasons:
        raise DomainError("Escriba los fundamentos de la resolución.", field="reasons")
    now = timezone.now()
    if accept:
        transition = REOPENS[item.notified_change.transition]
        if transition == "reopen_decision":
            Decision.objects.filter(application=application, reopened_at__isnull=True).update(reopened_at=now)
        apply_transition(
            application=application,
            actor=actor,
            name=transition,
            reason=f"Recurso de reposición acogido: {reasons}"[:2000],
            extra_audit={"reconsideration": item.pk},
        )
    item.state = "accepted" if accept else "rejected"
    item.resolution, item.resolved_by, item.resolved_at = reasons[:5000], actor, now
    item.save(update_fields=["state", "resolution", "resolved_by", "resolved_at"])
    name = item.state  # accepted or rejected
    audit.record(
        actor=actor,
        action=f"applications.reconsideration.{name}",
        obj=application,
        after={"reconsideration": item.pk},
        reason=reasons[:500],
    )

    send_reconsideration_email.enqueue(item.pk, item.state)
    return item
