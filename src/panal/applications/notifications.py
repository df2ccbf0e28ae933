"""Emails to the applicant on the transitions that matter to them, as background jobs (`panal.core.jobs`): queued
in the transition's transaction, sent by a worker, retried with backoff when the mail server fails. A mail failure
never undoes a state change (the status page shows the same content)."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string

from panal.core.jobs import job

from .models import Application, Clarification

SUBJECTS = {
    "submit": "Recibimos su postulación {folio}",
    "declare_admissible": "Su postulación {folio} es admisible",
    "declare_not_admissible": "Su postulación {folio} no es admisible",
    "award": "Su postulación {folio} fue adjudicada",
    "waitlist": "Su postulación {folio} quedó en lista de espera",
    "reject": "Resultado de su postulación {folio}",
}


def _recipient(application) -> str:
    return application.person.email or getattr(application.person.user, "email", "") or ""


@job
def send_status_email(application_id: int, transition: str) -> None:
    application = Application.objects.select_related("call", "person", "person__user").filter(pk=application_id).first()
    if application is None or not _recipient(application):
        return
    change = application.status_changes.filter(transition=transition).last()
    context = {"application": application, "change": change, "transition": transition, "site": settings.PANAL_BASE_URL}
    send_mail(
        SUBJECTS.get(transition, "Novedades de su postulación {folio}").format(folio=application.folio),
        render_to_string("applications/email/status.txt", context),
        settings.DEFAULT_FROM_EMAIL,
        [_recipient(application)],
    )


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
    send_mail(
        f"Consulta sobre su postulación {item.application.folio}",
        render_to_string("applications/email/clarification.txt", context),
        settings.DEFAULT_FROM_EMAIL,
        [_recipient(item.application)],
    )
