"""Background jobs: the one way Panal runs work outside a request (e-mails, reminders, surveys, UF refresh, purges).

Declare a job with `@job` on a module-level function whose arguments are JSON values (ids, never model objects):

    @job
    def send_status_email(application_id: int, transition: str) -> None: ...

and queue it from a service, inside its transaction: `send_status_email.enqueue(application.pk, "award")`.
Jobs must be idempotent (a retried job must not send a second e-mail): check what was already done first.

The queue is django-q2 with its database broker (`make run` needs no other server; several machines share it
through the same PostgreSQL, or Redis by changing `Q_CLUSTER` only). What it guarantees:
- the outbox: `enqueue` writes the queue row in the caller's transaction, so a rollback leaves no job, and a
  committed change always has its job (no gap between commit and enqueue);
- nothing lost if a worker dies: a claimed row stays in the queue until the job finished, and becomes claimable
  again `Q_CLUSTER["retry"]` seconds later;
- retries with backoff: a job that raises runs again after 30 s, 2 min, 8 min, 32 min; after MAX_ATTEMPTS it is a
  dead letter (django-q2's failed task), listed in the back office at /admin/django_q/failure/ where staff can
  re-queue it;
- schedules (daily UF refresh, …) are listed in one place, `panal/schedules.py`, and written to the queue's
  schedule table by `sync_schedules()` when a worker starts.

With `PANAL_JOBS_IMMEDIATE` (tests, `panal` commands run by hand) a job runs in the same process right after the
commit instead, with no retry.
"""

import functools
import importlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import time, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_q.models import Schedule
from django_q.tasks import async_task

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
BACKOFF_BASE_SECONDS = 30
BACKOFF_FACTOR = 4
SCHEDULE_LOCK_KEY = 7_415_001  # any constant; names the advisory lock of sync_schedules


def backoff(attempt: int) -> timedelta:
    """Wait before attempt `attempt + 1`: 30 s, 2 min, 8 min, 32 min."""
    return timedelta(seconds=BACKOFF_BASE_SECONDS * BACKOFF_FACTOR ** (attempt - 1))


class Job:
    def __init__(self, func: Callable):
        self.func = func
        self.name = f"{func.__module__}.{func.__qualname__}"
        functools.update_wrapper(self, func)

    def __call__(self, *args, **kwargs):
        return self.func(*args, **kwargs)

    def enqueue(self, *args, **kwargs) -> None:
        if getattr(settings, "PANAL_JOBS_IMMEDIATE", False):
            transaction.on_commit(functools.partial(_run_inline, self, args, kwargs))
            return
        _push(self.name, list(args), kwargs, attempt=1)


def job(func: Callable) -> Job:
    return Job(func)


def _run_inline(job_: Job, args, kwargs) -> None:
    try:
        job_.func(*args, **kwargs)
    except Exception:  # a job's failure never undoes the committed change that queued it
        logger.exception("Falló el trabajo %s", job_.name)


def _push(name: str, args: list, kwargs: dict, *, attempt: int, run_at=None) -> None:
    if run_at is None:
        async_task("panal.core.jobs.execute", name, args, kwargs, attempt, task_name=f"{name}#{attempt}")
        return
    Schedule.objects.create(
        name=f"reintento {attempt}: {name}"[:100],
        func="panal.core.jobs.execute",
        args=repr((name, args, kwargs, attempt)),
        schedule_type=Schedule.ONCE,
        repeats=1,
        next_run=run_at,
    )


def resolve(name: str) -> Job:
    module, _, attr = name.rpartition(".")
    target = getattr(importlib.import_module(module), attr)
    if not isinstance(target, Job):
        raise LookupError(f"{name} no es un trabajo (@job)")
    return target


def execute(name: str, args: list, kwargs: dict, attempt: int = 1):
    """What the worker runs for every queued job. A failure is queued again with backoff until MAX_ATTEMPTS; the
    last failure propagates, so the queue records the job as failed (the dead letter)."""
    job_ = resolve(name)
    try:
        return job_.func(*args, **kwargs)
    except Exception:
        if attempt >= MAX_ATTEMPTS:
            logger.exception("El trabajo %s falló %s veces; queda como fallido", name, attempt)
            raise
        logger.warning("El trabajo %s falló (intento %s); se reintenta", name, attempt, exc_info=True)
        _push(name, args, kwargs, attempt=attempt + 1, run_at=timezone.now() + backoff(attempt))
        return f"reintento {attempt + 1} programado"


# --- Schedules ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scheduled:
    """A job that runs by itself: `daily_at` (local time) or every `minutes`."""

    name: str
    job: str  # dotted path of a @job function
    daily_at: time | None = None
    minutes: int | None = None
    description: str = ""


def schedules() -> list[Scheduled]:
    return list(import_string(settings.PANAL_SCHEDULES))


def sync_schedules() -> int:
    """Write every entry of the schedule list to the queue's schedule table (idempotent; runs at worker start).
    Entries removed from the list are removed from the table."""

    wanted = schedules()
    names = {s.name for s in wanted}
    with transaction.atomic():
        if connection.vendor == "postgresql":  # two workers starting together must not both insert (SQLite: IMMEDIATE)
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [SCHEDULE_LOCK_KEY])
        Schedule.objects.filter(name__startswith="panal:").exclude(name__in=[f"panal:{n}" for n in names]).delete()
        for item in wanted:
            resolve(item.job)  # fail at start, not at 04:00, on a typo
            fields = {
                "func": "panal.core.jobs.execute",
                "args": repr((item.job, [], {}, 1)),
                "repeats": -1,
            }
            if item.daily_at is not None:
                fields |= {"schedule_type": Schedule.DAILY, "next_run": _next_daily(item.daily_at)}
            else:
                fields |= {"schedule_type": Schedule.MINUTES, "minutes": item.minutes}
            current = Schedule.objects.filter(name=f"panal:{item.name}").first()
            if current is None:
                Schedule.objects.create(name=f"panal:{item.name}", **fields)
            elif any(getattr(current, k) != v for k, v in fields.items() if k != "next_run"):
                Schedule.objects.filter(pk=current.pk).update(**fields)
    return len(wanted)


def _next_daily(at: time):
    now = timezone.localtime()
    run = now.replace(hour=at.hour, minute=at.minute, second=0, microsecond=0)
    return run if run > now else run + timedelta(days=1)
