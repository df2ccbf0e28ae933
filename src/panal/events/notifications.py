"""Emails to the people who register: confirmation (with QR and .ics), waitlist, seat freed.

Each email is first written to the outbox (`Notification`) in the same transaction as the registration, so it
is never lost and never sent for a change that was rolled back; the same transaction queues the `send_outbox` job
(`panal.core.jobs`), which a worker runs: building QR codes and attachments never takes a web worker's time.
A failed send stays pending with a back-off (STALE_CLAIM) and the scheduled sweep retries it;
`panal send_pending_emails` sends whatever is left by hand."""

import logging
import secrets
from datetime import timedelta
from email.mime.image import MIMEImage

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from panal.core.jobs import job

from .ical import absolute, calendar_bytes
from .models import Notification
from .qr import qr_png
from .selectors import waitlist_position

logger = logging.getLogger(__name__)

SUBJECTS = {
    "confirmed": "Inscripción confirmada: {title}",
    "waitlisted": "Quedó en lista de espera: {title}",
    "promoted": "Se liberó un cupo, su inscripción está confirmada: {title}",
}
BATCH = 25
MAX_ATTEMPTS = 5
STALE_CLAIM = timedelta(minutes=5)


def build_registration_email(registration, *, kind: str) -> EmailMultiAlternatives:
    activity = registration.activity
    context = {
        "registration": registration,
        "activity": activity,
        "kind": kind,
        "confirmed": kind in ("confirmed", "promoted"),
        "position": waitlist_position(registration),
        "registration_url": absolute(reverse("events:registration", args=[registration.code])),
        "activity_url": absolute(reverse("events:activity", args=[activity.pk])),
    }
    message = EmailMultiAlternatives(
        subject=SUBJECTS[kind].format(title=activity.title)[:180],
        body=render_to_string("events/email/registration.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[registration.email],
    )
    message.attach_alternative(render_to_string("events/email/registration.html", context), "text/html")
    if context["confirmed"]:
        image = MIMEImage(qr_png(registration), "png")
        image.add_header("Content-ID", "<qr-inscripcion>")
        image.add_header("Content-Disposition", "inline", filename="codigo-qr.png")
        message.attach(image)
    message.attach("actividad.ics", calendar_bytes([activity], name=activity.title), "text/calendar")
    return message


def send_pending(*, limit: int = BATCH) -> int:
    """Claim up to `limit` unsent emails (safe with several processes: a row is claimed by one UPDATE),
    send them and record the outcome. Returns how many were claimed."""

    token = secrets.token_hex(8)
    now = timezone.now()
    claimable = Q(sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS) & (
        Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - STALE_CLAIM)
    )
    ids = list(Notification.objects.filter(claimable).order_by("id").values_list("id", flat=True)[:limit])
    if not ids:
        return 0
    Notification.objects.filter(claimable, id__in=ids).update(claimed_by=token, claimed_at=now)
    mine = Notification.objects.filter(claimed_by=token).select_related(
        "registration", "registration__activity", "registration__activity__agency", "registration__activity__commune"
    )
    sent = []
    for notification in mine:
        try:
            build_registration_email(notification.registration, kind=notification.kind).send()
        except Exception as exc:  # a mail failure never undoes a registration; it is retried later
            logger.exception("No se pudo enviar el correo %s", notification.pk)
            Notification.objects.filter(pk=notification.pk).update(
                claimed_by="",  # claimed_at stays: claimable again after STALE_CLAIM (a back-off)
                last_error=f"{type(exc).__name__}: {exc}"[:500],
                attempts=F("attempts") + 1,
            )
        else:
            sent.append(notification.pk)
    if sent:
        Notification.objects.filter(id__in=sent).update(sent_at=timezone.now())
    return len(ids)


def send_all_pending() -> int:
    total = 0
    while True:
        claimed = send_pending()
        if not claimed:
            return total
        total += claimed


@job
def send_outbox() -> int:
    """Queued by every registration change that wrote to the outbox (and every few minutes by the schedule):
    sends whatever is pending. Idempotent: a row is claimed by one worker and marked sent."""
    return send_all_pending()
