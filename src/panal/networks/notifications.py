"""E-mails of a rueda: the published agenda to each participant, and each change after publishing (a moved
meeting, a no-show, a cancellation) to both parties. Background jobs: a mail failure never undoes the change."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

from panal.core.jobs import job

from .models import Meeting, Participant, Rueda
from .selectors import agenda_of

logger = logging.getLogger(__name__)

CHANGES = {
    "moved": "cambió de horario o de mesa",
    "no_show": "quedó registrada como «no se presentó»",
    "cancelled": "fue cancelada",
}


def _send(subject: str, template: str, context: dict, to: str) -> None:
    if not to:
        return
    try:
        send_mail(subject, render_to_string(template, context), settings.DEFAULT_FROM_EMAIL, [to])
    except Exception:  # noqa: BLE001 - the change stands; the agenda page shows the same news
        logger.exception("No se pudo enviar el correo de la rueda a %s", to)


@job
def send_agenda_published(rueda_id: int) -> None:

    rueda = Rueda.objects.select_related("activity").filter(pk=rueda_id).first()
    if rueda is None:
        return
    link = settings.PANAL_BASE_URL.rstrip("/") + reverse("networks:agenda", args=[rueda.pk])
    for participant in Participant.objects.filter(rueda=rueda).select_related("user"):
        context = {"rueda": rueda, "participant": participant, "meetings": agenda_of(participant), "link": link}
        _send(
            f"Su agenda de la {rueda.activity.title}",
            "networks/email/agenda.txt",
            context,
            participant.user.email if participant.user else "",
        )


@job
def send_meeting_changed(meeting_id: int, change: str) -> None:

    meeting = (
        Meeting.objects.select_related("rueda__activity", "slot", "participant_a__user", "participant_b__user")
        .filter(pk=meeting_id)
        .first()
    )
    if meeting is None:
        return
    link = settings.PANAL_BASE_URL.rstrip("/") + reverse("networks:agenda", args=[meeting.rueda_id])
    for participant in (meeting.participant_a, meeting.participant_b):
        context = {
            "meeting": meeting,
            "participant": participant,
            "other": meeting.other(participant),
            "change": CHANGES.get(change, "cambió"),
            "link": link,
        }
        _send(
            f"Cambio en su reunión con {meeting.other(participant).name}",
            "networks/email/changed.txt",
            context,
            participant.user.email if participant.user else "",
        )
