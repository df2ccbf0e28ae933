"""The QR printed on a registration: it carries the check-in URL, whose last segment is the code."""

import io

import segno
from django.urls import reverse

from .ical import absolute


def checkin_url(registration) -> str:
    return absolute(reverse("events:scan", args=[registration.code]))


def qr_png(registration, *, scale: int = 6) -> bytes:
    buffer = io.BytesIO()
    segno.make(checkin_url(registration), error="m").save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()


def qr_svg(registration, *, scale: int = 5) -> str:
    buffer = io.BytesIO()
    segno.make(checkin_url(registration), error="m").save(
        buffer, kind="svg", scale=scale, border=4, xmldecl=False, svgns=True, title="Código QR de la inscripción"
    )
    return buffer.getvalue().decode()
