"""Retention: each app may have `retention.py` with `purge_expired(*, now, dry_run) -> [(label, count)]` that
anonymises or deletes its rows past the period of their purpose (records.py). Public aggregates and open data must
not change: purges remove who, never how many. `panal purge-expired` runs them all (the job queue schedules it)."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from panal.core.hooks import app_hooks
from panal.core.jobs import job

from .models import DataRequest
from .records import activity


@transaction.atomic
def purge_expired(*, now, dry_run: bool = False) -> list[tuple[str, int]]:
    results: list[tuple[str, int]] = []
    for label, purge in app_hooks("retention", "purge_expired"):
        if label == "privacy":  # this module: the orchestrator itself
            continue
        results.extend(purge(now=now, dry_run=dry_run))
    results.extend(purge_own(now=now, dry_run=dry_run))
    if dry_run:
        transaction.set_rollback(True)
    return results


def purge_own(*, now, dry_run: bool) -> list[tuple[str, int]]:
    """Answered requests past their period lose their detail, answer and file (the fact of the answer stays)."""
    cutoff = now - timedelta(days=activity("derechos").retention_days)
    expired = DataRequest.objects.filter(answered_at__lt=cutoff).exclude(detail="", answer="", answer_file="")
    count = expired.count()
    if not dry_run:
        for request in expired:
            if request.answer_file:
                request.answer_file.delete(save=False)
        expired.update(detail="", answer="", answer_file="")
    return [("solicitudes de derechos", count)]


@job
def purge_expired_job() -> None:

    purge_expired(now=timezone.now())
