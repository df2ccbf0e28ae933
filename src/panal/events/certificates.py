"""PDF certificate of attendance (WeasyPrint: HTML → PDF) with a public verification code."""

import segno
from django.template.loader import render_to_string
from django.urls import reverse

from panal.core.errors import DomainError

from .ical import absolute
from .selectors import attended_in_window


def verification_url(registration) -> str:
    return absolute(reverse("events:verify", args=[registration.certificate_code]))


def certificate_pdf(registration) -> bytes:
    if not registration.certificate_code or not attended_in_window(registration):
        raise DomainError(
            "Solo las personas con asistencia registrada durante la actividad tienen certificado.", field="code"
        )
    from weasyprint import HTML  # noqa: PLC0415 (no cycle: weasyprint takes ~1.4 s to import; only PDF requests pay it)

    url = verification_url(registration)
    qr = segno.make(url, error="m").svg_data_uri(scale=3, border=2)
    html = render_to_string(
        "events/certificate.html",
        {"registration": registration, "activity": registration.activity, "verification_url": url, "qr": qr},
    )
    return HTML(string=html, base_url=absolute("/")).write_pdf()
