"""Semana registrations are kept 2 years after their activity, then lose who (name, e-mail, RUT, organisation, the
registry links); status, commune and attendance stay, so the Semana's figures do not change
(hook: panal.privacy.retention)."""

from datetime import timedelta

from django.db.models import F, Value
from django.db.models.functions import Cast, Concat

from .models import Registration

RETENTION_DAYS = 2 * 365
ANONYMOUS = "Persona anonimizada"


def purge_expired(*, now, dry_run: bool) -> list[tuple[str, int]]:
    expired = Registration.objects.filter(activity__ends_at__lt=now - timedelta(days=RETENTION_DAYS)).exclude(
        name=ANONYMOUS
    )
    count = expired.count()
    if not dry_run:
        # A unique, undeliverable address per row keeps the one-active-registration-per-e-mail constraint.
        placeholder = Concat(
            Value("anonimizada-"),
            Cast(F("pk"), output_field=Registration._meta.get_field("name")),
            Value("@panal.invalid"),
        )
        expired.update(
            name=ANONYMOUS, email=placeholder, email_normalized=placeholder, rut="", organization="", person=None
        )
    return [("inscripciones de la Semana", count)]
