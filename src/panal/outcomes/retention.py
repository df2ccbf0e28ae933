"""Outcome data are kept 5 years, then only as aggregates (records.py, «encuestas»). A firm whose most recent
observed year, survey or registered decision is older than that loses its RUT in the panel, the decision snapshot
and the follow-up surveys: every row of that firm gets the same random key instead, so the panel keeps its shape and
every published figure and estimate stays exactly the same, while nobody can tell whose rows they were. The survey's
personal link dies with it. Demo rows (fictitious firms) are left alone (hook: panal.privacy.retention)."""

import secrets
from datetime import date, timedelta

from django.db.models import Max

from .models import FollowUp, Observation, SnapshotEntry

RETENTION_DAYS = 5 * 365
PREFIX = "anon-"  # a RUT never starts with letters: the key cannot be mistaken for one


def _latest_by_firm() -> dict[str, date]:
    latest: dict[str, date] = {}

    def keep(rut: str, day: date | None) -> None:
        if day is not None and (rut not in latest or day > latest[rut]):
            latest[rut] = day

    real = Observation.objects.filter(is_demo=False).exclude(rut__startswith=PREFIX)
    for rut, year in real.values("rut").annotate(last=Max("year")).values_list("rut", "last"):
        keep(rut, date(year, 12, 31))
    entries = SnapshotEntry.objects.filter(snapshot__is_demo=False).exclude(rut__startswith=PREFIX)
    for rut, created in entries.values("rut").annotate(last=Max("snapshot__created_at")).values_list("rut", "last"):
        keep(rut, created.date())
    surveys = FollowUp.objects.exclude(rut__startswith=PREFIX).values("rut")
    for rut, due, answered in surveys.annotate(due=Max("due_on"), answered=Max("answered_at")).values_list(
        "rut", "due", "answered"
    ):
        keep(rut, due)
        keep(rut, answered.date() if answered else None)
    return latest


def _new_key(taken: set[str]) -> str:
    while True:
        key = PREFIX + secrets.token_hex(3)  # 11 characters: fits the RUT column
        if key not in taken:
            taken.add(key)
            return key


def purge_expired(*, now, dry_run: bool) -> list[tuple[str, int]]:
    cutoff = (now - timedelta(days=RETENTION_DAYS)).date()
    expired = sorted(rut for rut, last in _latest_by_firm().items() if last < cutoff)
    if not dry_run and expired:
        taken = set(Observation.objects.filter(rut__startswith=PREFIX).values_list("rut", flat=True).distinct())
        for rut in expired:
            key = _new_key(taken)
            Observation.objects.filter(rut=rut, is_demo=False).update(rut=key)
            # The snapshot is never edited by people; de-identifying it is the legal duty that overrides that rule.
            SnapshotEntry.objects.filter(rut=rut, snapshot__is_demo=False).update(rut=key)
            FollowUp.objects.filter(rut=rut).update(rut=key, token_digest="")
    return [("empresas con datos de resultados", len(expired))]
