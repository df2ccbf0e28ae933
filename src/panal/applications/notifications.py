"""Emails to the applicant on the transitions that matter to them. Sent after the transaction commits; a mail
failure never undoes a state change (it is logged; the status page shows the same content)."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string

from panal.core.jobs import job

logger = logging.getLogger(__name__)

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


def send_status_email(application_id: int, transition: str) -> None:
    from .models import Application

    application = Application.objects.select_related("call", "person", "person__user").filter(pk=application_id).first()
    if application is None or not _recipient(application):
        return
    change = application.status_changes.filter(transition=transition).last()
    context = {"application": application, "change": change, "transition": transition, "site": settings.PANAL_BASE_URL}
    try:
        send_mail(
            SUBJECTS.get(transition, "Novedades de su postulación {folio}").format(folio=application.folio),
            render_to_string("applications/email/status.txt", context),
            settings.DEFAULT_FROM_EMAIL,
            [_recipient(application)],
        )
    except Exception:  # noqa: BLE001 - the state change stands; the page shows the same news
        logger.exception("No se pudo enviar el correo de la postulación %s", application_id)


def send_clarification_email(clarification_id: int) -> None:
    from .models import Clarification

    item = Clarification.objects.select_related("application__person__user", "application__call").get(
        pk=clarification_id
    )
    if not _recipient(item.application):
        return
    context = {"application": item.application, "item": item, "site": settings.PANAL_BASE_URL}
    try:
        send_mail(
            f"Consulta sobre su postulación {item.application.folio}",
            render_to_string("applications/email/clarification.txt", context),
            settings.DEFAULT_FROM_EMAIL,
            [_recipient(item.application)],
        )
    except Exception:  # noqa: BLE001
        logger.exception("No se pudo enviar el correo de la consulta %s", clarification_id)


RECONSIDERATION_SUBJECTS = {
    "filed": "Recibimos su recurso de reposición ({folio})",
    "accepted": "Su recurso de reposición fue acogido ({folio})",
    "rejected": "Su recurso de reposición fue rechazado ({folio})",
}


@job
def send_reconsideration_email(reconsideration_id: int, event: str) -> None:
    from .models import Reconsideration

    item = (
        Reconsideration.objects.select_related("application__person__user", "application__call")
        .filter(pk=reconsideration_id)
        .first()
    )
    if item is None or not _recipient(item.application):
        return
    context = {"item": item, "application": item.application, "event": event, "site": settings.PANAL_BASE_URL}
    send_mail(
        RECONSIDERATION_SUBJECTS[event].format(folio=item.application.folio),
        render_to_string("applications/email/reconsideration.txt", context),
        settings.DEFAULT_FROM_EMAIL,
        [_recipient(item.application)],
    )
