"""E-mails of the applications chain, each a `panal.core.jobs` job queued by a service inside its transaction: to
the applicant on the transitions that matter to them, to evaluators when assigned and two business days before an
evaluation is due, to committee members when a session is convened or rescheduled. A mail failure never undoes a
state change (it is logged; the pages show the same content). Jobs are idempotent where a retry could repeat."""

import logging
from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from panal.core.jobs import job
from panal.reference.business_days import add_business_days

from . import selectors
from .models import Application, Assignment, Clarification, CommitteeSession, Reconsideration

logger = logging.getLogger(__name__)

SUBJECTS = {
    "submit": "Recibimos su postulación {folio}",
    "declare_admissible": "Su postulación {folio} es admisible",
    "declare_not_admissible": "Su postulación {folio} no es admisible",
    "request_correction": "Su postulación {folio}: tiene un plazo para subsanar",
    "award": "Su postulación {folio} fue adjudicada",
    "waitlist": "Su postulación {folio} quedó en lista de espera",
    "reject": "Resultado de su postulación {folio}",
}


def _recipient(application) -> str:
    return application.person.email or getattr(application.person.user, "email", "") or ""


def _send(subject: str, template: str, context: dict, to: list[str], what: str) -> None:
    try:
        send_mail(subject, render_to_string(template, context), settings.DEFAULT_FROM_EMAIL, to)
    except Exception:  # noqa: BLE001 - the change stands; the page shows the same news
        logger.exception("No se pudo enviar el correo (%s)", what)


@job
def send_status_email(application_id: int, transition: str) -> None:
    application = Application.objects.select_related("call", "person", "person__user").filter(pk=application_id).first()
    if application is None or not _recipient(application):
        return
    change = application.status_changes.filter(transition=transition).last()
    context = {"application": application, "change": change, "transition": transition, "site": settings.PANAL_BASE_URL}
    subject = SUBJECTS.get(transition, "Novedades de su postulación {folio}").format(folio=application.folio)
    _send(subject, "applications/email/status.txt", context, [_recipient(application)], f"postulación {application_id}")


@job
def send_clarification_email(clarification_id: int) -> None:
    item = (
        Clarification.objects.select_related("application__person__user", "application__call")
        .filter(pk=clarification_id)
        .first()
    )
    if item is None or not _recipient(item.application):
        return
    context = {"application": item.application, "item": item, "site": settings.PANAL_BASE_URL}
    subject = f"Consulta sobre su postulación {item.application.folio}"
    _send(subject, "applications/email/clarification.txt", context, [_recipient(item.application)], "consulta")


@job
def send_assignment_email(assignment_id: int, reminder: bool = False) -> None:

    assignment = (
        Assignment.objects.select_related("evaluator", "application", "application__call")
        .filter(pk=assignment_id)
        .first()
    )
    if assignment is None:
        return
    folio = assignment.application.folio
    subject = (
        f"Recordatorio: evaluación de {folio} vence el {assignment.due_on:%d-%m-%Y}"
        if reminder
        else (f"Se le asignó la evaluación de {folio}")
    )
    context = {"assignment": assignment, "reminder": reminder, "site": settings.PANAL_BASE_URL}
    _send(
        subject,
        "applications/email/assignment.txt",
        context,
        [assignment.evaluator.email],
        f"asignación {assignment_id}",
    )


@job
def send_evaluation_reminders(today_iso: str | None = None) -> int:
    """Once a day: evaluators whose evaluation is due in two business days and not yet scored get one reminder."""

    today = date.fromisoformat(today_iso) if today_iso else timezone.localdate()
    sent = 0
    pending = Assignment.objects.filter(scored_at__isnull=True, reminded_on__isnull=True, due_on__isnull=False)
    for assignment in pending.exclude(conflict=True).select_related("application__call"):
        if add_business_days(today, 2, assignment.application.call.region_id) != assignment.due_on:
            continue
        with transaction.atomic():
            # Marked before sending (the update is the lock): a second run the same day sends nothing.
            if Assignment.objects.filter(pk=assignment.pk, reminded_on__isnull=True).update(reminded_on=today):
                send_assignment_email.enqueue(assignment.pk, reminder=True)
                sent += 1
    return sent


@job
def send_session_email(session_id: int, kind: str) -> None:
    """To every member: the session was convened or rescheduled, with date, place or link, agenda and materials."""

    session = CommitteeSession.objects.select_related("call").filter(pk=session_id).first()
    if session is None:
        return
    subject = {
        "convened": "Citación: {committee}, {when}",
        "rescheduled": "Cambio de fecha o lugar: {committee}, {when}",
    }[kind].format(
        committee=session.get_committee_display(), when=timezone.localtime(session.held_at).strftime("%d-%m-%Y %H:%M")
    )
    context = {"session": session, "kind": kind, "site": settings.PANAL_BASE_URL}
    for member in session.members.all():
        _send(
            subject,
            "applications/email/session.txt",
            {**context, "member": member},
            [member.email],
            f"sesión {session_id}",
        )


@job
def send_result_email(application_id: int) -> None:
    """The applicant's own result: decision, amount, scores per criterion, reasons, and the reconsideration dates."""

    application = Application.objects.select_related("call", "person", "person__user").filter(pk=application_id).first()
    publication = selectors.publication_of(application.call) if application else None
    if application is None or publication is None or not _recipient(application):
        return
    context = {
        "application": application,
        "decision": getattr(application, "decision", None),
        "breakdown": selectors.score_breakdown(application),
        "history": selectors.history(application),
        "publication": publication,
        "site": settings.PANAL_BASE_URL,
    }
    subject = f"Resultados de «{application.call.title}»: su postulación {application.folio}"
    _send(subject, "applications/email/result.txt", context, [_recipient(application)], f"resultado {application_id}")


RECONSIDERATION_SUBJECTS = {
    "filed": "Recibimos su recurso de reposición ({folio})",
    "accepted": "Su recurso de reposición fue acogido ({folio})",
    "rejected": "Su recurso de reposición fue rechazado ({folio})",
}


@job
def send_reconsideration_email(reconsideration_id: int, event: str) -> None:

    item = (
        Reconsideration.objects.select_related("application__person__user", "application__call")
        .filter(pk=reconsideration_id)
        .first()
    )
    if item is None or not _recipient(item.application):
        return
    context = {"item": item, "application": item.application, "event": event, "site": settings.PANAL_BASE_URL}
    subject = RECONSIDERATION_SUBJECTS[event].format(folio=item.application.folio)
    _send(
        subject, "applications/email/reconsideration.txt", context, [_recipient(item.application)], f"recurso {item.pk}"
    )
