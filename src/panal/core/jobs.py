"""Background jobs: the one way Panal runs work outside a request (e-mails, reminders, surveys, purges).

Declare a job with `@job` on a module-level function whose arguments are JSON values (ids, never model objects):

    @job
    def send_status_email(application_id: int, transition: str) -> None: ...

and queue it from a service, inside its transaction: `send_status_email.enqueue(application.pk, "award")`. A job
queued in a transaction that rolls back never runs; one queued in a committed transaction runs after the commit.
Jobs must be idempotent (a retried job must not send a second e-mail): check what was already done first.

This first version runs the job right after the commit, in the same process; the database-backed queue (retries,
dead letters, schedules, workers) replaces the body of `Job.enqueue` without changing any caller.
"""

import functools
import logging
from collections.abc import Callable

from django.db import transaction

logger = logging.getLogger(__name__)


class Job:
    def __init__(self, func: Callable):
        self.func = func
        self.name = f"{func.__module__}.{func.__qualname__}"
        functools.update_wrapper(self, func)

    def __call__(self, *args, **kwargs):
        return self.func(*args, **kwargs)

    def enqueue(self, *args, **kwargs) -> None:
        def run():
            try:
                self.func(*args, **kwargs)
            except Exception:  # a job's failure never undoes the committed change that queued it
                logger.exception("Falló el trabajo %s", self.name)

        transaction.on_commit(run)


def job(func: Callable) -> Job:
    return Job(func)
