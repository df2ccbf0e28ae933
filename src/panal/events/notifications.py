"""Emails to the people who register: confirmation, waitlist, seat freed. Sent after the transaction commits;
a mail failure never undoes a registration (it is logged, the registration page shows the same content)."""

import logging
from email.mime.image import MIMEImage

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

logger = logging.getLogger(__name__)

SUBJECTS = {
    "confirmed": "Inscripción confirmada: {title}",
    "waitlisted": "Quedó en lista de espera: {title}",
    "promoted": "Se liberó un cupo, su inscripción está confirmada: {title}",
}


def build_registration_email(registration, *, kind: str) -> EmailMultiAlternatives:
    from .ical import absolute, calendar_bytes
    from .qr import qr_png
    from .selectors import waitlist_position

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


def send_registration_email(registration_id: int, *, kind: str) -> None:
    from .models import Registration

    registration = (
        Registration.objects.select_related("activity", "activity__agency", "activity__commune")
        .filter(pk=registration_id)
        .first()
    )
    if registration is None:
        return
    try:
        build_registration_email(registration, kind=kind).send()
    except Exception:  # the registration stands; the person can open their registration page
        logger.exception("No se pudo enviar el correo de la inscripción %s", registration.code)
