"""The follow-up survey e-mails: an invitation with a personal link (no account needed) and up to two reminders.
Queued through `panal.core.jobs`; idempotent: a retried job never sends the same message twice."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from panal.core.jobs import job
from panal.registry.selectors import get_enterprise_by_rut, get_person_by_rut

from .models import FollowUp
from .services import issue_link_token

logger = logging.getLogger(__name__)

MAX_REMINDERS = 2
REMINDER_AFTER = timedelta(days=14)


def recipient(rut: str) -> str:
    """The applicant's e-mail as the registry has it (the enterprise's, else its legal representative's)."""

    enterprise = get_enterprise_by_rut(rut)
    if enterprise is not None:
        rep = enterprise.legal_representative
        return enterprise.email or (rep.email if rep else "") or ""
    person = get_person_by_rut(rut)
    return (person.email or getattr(person.user, "email", "") or "") if person else ""


@job
def send_followup_email(followup_id: int, kind: str, reminders_before: int = 0) -> None:
    """kind "invitation" or "reminder"; a new personal link each time (only the latest works). A reminder is sent
    only if no other was sent since it was queued (`reminders_before`), so a retried job sends nothing twice."""

    with transaction.atomic():
        followup = FollowUp.objects.select_for_update().select_related("call").filter(pk=followup_id).first()
        if followup is None or followup.answered_at or followup.consent is False:
            return
        if kind == "invitation" and followup.invited_at is not None:
            return  # already sent: a retried job
        if kind == "reminder" and (
            followup.invited_at is None or followup.reminders != reminders_before or reminders_before >= MAX_REMINDERS
        ):
            return
        email = recipient(followup.rut)
        if not email:
            return
        token = issue_link_token(followup)
        now = timezone.now()
        if kind == "invitation":
            followup.invited_at = now
        else:
            followup.reminders += 1
        followup.last_sent_at = now
        followup.save(update_fields=["invited_at", "reminders", "last_sent_at"])
    link = settings.PANAL_BASE_URL.rstrip("/") + reverse("outcomes:survey", args=[token])
    context = {"followup": followup, "link": link, "reminder": kind == "reminder"}
    subject = ("Recordatorio: " if kind == "reminder" else "") + "¿Cómo le ha ido? Encuesta breve de seguimiento"
    try:
        send_mail(subject, render_to_string("outcomes/email/survey.txt", context), settings.DEFAULT_FROM_EMAIL, [email])
    except Exception:  # noqa: BLE001 - recorded as sent; the next reminder carries a fresh link
        logger.exception("No se pudo enviar la encuesta de seguimiento %s", followup_id)


@transaction.atomic
def send_due_surveys(*, now=None) -> dict:
    """Queue the invitations that are due and the reminders of those who have not answered (run daily)."""
    now = now or timezone.now()
    due = FollowUp.objects.filter(due_on__lte=timezone.localdate(now), answered_at__isnull=True).exclude(consent=False)
    invitations = list(due.filter(invited_at__isnull=True).values_list("pk", flat=True))
    reminders = list(
        due.filter(
            invited_at__isnull=False, reminders__lt=MAX_REMINDERS, last_sent_at__lte=now - REMINDER_AFTER
        ).values_list("pk", "reminders")
    )
    for pk in invitations:
        send_followup_email.enqueue(pk, "invitation")
    for pk, count in reminders:
        send_followup_email.enqueue(pk, "reminder", count)
    return {"invitations": len(invitations), "reminders": len(reminders)}


@job
def send_due_surveys_daily() -> None:
    """The daily run of `send_due_surveys` (listed in panal/schedules.py)."""
    send_due_surveys()
