"""Login attempts are kept LOGIN_ATTEMPT_RETENTION_DAYS (hook: panal.privacy.retention)."""

from datetime import timedelta

from django.conf import settings

from .models import LoginAttempt


def purge_expired(*, now, dry_run: bool) -> list[tuple[str, int]]:
    expired = LoginAttempt.objects.filter(created_at__lt=now - timedelta(days=settings.LOGIN_ATTEMPT_RETENTION_DAYS))
    count = expired.count()
    if not dry_run:
        expired.delete()
    return [("intentos de ingreso con ClaveÚnica", count)]
