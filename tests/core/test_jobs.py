"""Background jobs (panal.core.jobs on django-q2's database queue): the outbox guarantee, retries with backoff,
dead letters, a dead worker's job claimed again, schedules written once."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from django_q.brokers import get_broker
from django_q.models import OrmQ, Schedule
from django_q.signing import SignedPackage

from panal.core import jobs

CALLS = []


@jobs.job
def remember(value: str) -> None:
    CALLS.append(value)


@jobs.job
def always_fails() -> None:
    raise ConnectionRefusedError("servidor de correo caído")


@pytest.fixture
def queued(settings):
    settings.PANAL_JOBS_IMMEDIATE = False  # write to the real queue, as in production
    CALLS.clear()


def _queued_jobs():
    return [SignedPackage.loads(row.payload)["args"] for row in OrmQ.objects.order_by("id")]


@pytest.mark.django_db(transaction=True)
def test_a_job_queued_in_a_rolled_back_transaction_is_never_queued(queued):
    with pytest.raises(RuntimeError), transaction.atomic():
        remember.enqueue("perdido")
        raise RuntimeError("la transacción falla")
    assert _queued_jobs() == []


@pytest.mark.django_db(transaction=True)
def test_a_committed_job_is_in_the_queue_with_its_arguments(queued):
    with transaction.atomic():
        remember.enqueue("hola")
    assert _queued_jobs() == [("tests.core.test_jobs.remember", ["hola"], {}, 1)]


@pytest.mark.django_db
def test_the_worker_runs_what_was_queued(queued):
    remember.enqueue("hola")
    name, args, kwargs, attempt = _queued_jobs()[0]
    jobs.execute(name, args, kwargs, attempt)
    assert CALLS == ["hola"]


@pytest.mark.django_db
def test_a_failing_job_is_retried_later_with_growing_waits(queued):
    before = timezone.now()
    assert jobs.execute("tests.core.test_jobs.always_fails", [], {}, 1) == "reintento 2 programado"
    jobs.execute("tests.core.test_jobs.always_fails", [], {}, 2)
    retries = list(Schedule.objects.order_by("next_run"))
    assert [r.schedule_type for r in retries] == [Schedule.ONCE, Schedule.ONCE]
    waits = [r.next_run - before for r in retries]
    assert timedelta(seconds=29) < waits[0] < timedelta(seconds=40)
    assert timedelta(seconds=119) < waits[1] < timedelta(seconds=130)
    assert "always_fails" in retries[1].args and ", 3)" in retries[1].args


@pytest.mark.django_db
def test_after_the_last_attempt_the_failure_propagates_and_becomes_a_dead_letter(queued):
    with pytest.raises(ConnectionRefusedError):
        jobs.execute("tests.core.test_jobs.always_fails", [], {}, jobs.MAX_ATTEMPTS)
    assert not Schedule.objects.exists()  # no further retry


@pytest.mark.django_db
def test_a_job_claimed_by_a_worker_that_died_is_claimed_again(queued):
    remember.enqueue("sobrevive")
    broker = get_broker()
    OrmQ.objects.update(lock=timezone.now() - timedelta(seconds=1))
    first = broker.dequeue()
    assert len(first) == 1  # a worker claims it ... and dies before acknowledging
    assert not broker.dequeue()  # while the claim lasts, nobody else takes it
    OrmQ.objects.update(lock=timezone.now() - timedelta(seconds=1))  # the claim expired (Q_CLUSTER["retry"])
    again = broker.dequeue()
    assert [pk for pk, _ in again] == [pk for pk, _ in first]


@pytest.mark.django_db
def test_schedules_are_written_once_from_the_one_list(settings):
    assert jobs.sync_schedules() == jobs.sync_schedules()
    rows = Schedule.objects.filter(name__startswith="panal:")
    names = sorted(rows.values_list("name", flat=True))
    assert names == sorted(f"panal:{s.name}" for s in jobs.schedules())
    assert "panal:reference.uf.refresh" in names
    assert rows.get(name="panal:reference.uf.refresh").schedule_type == Schedule.DAILY


def test_an_unknown_job_name_is_refused():
    with pytest.raises(LookupError):
        jobs.resolve("panal.core.jobs.backoff")


@pytest.mark.django_db
def test_staff_see_dead_letters_in_spanish_and_can_queue_them_again(client, django_user_model, queued):
    from django_q.models import Task

    admin = django_user_model.objects.create_superuser(email="admin@example.cl", password="clave-segura-123")
    client.force_login(admin)
    Task.objects.create(
        id="a" * 32,
        name="x",
        func="panal.core.jobs.execute",
        args=("tests.core.test_jobs.remember", ["otra vez"], {}, jobs.MAX_ATTEMPTS),
        kwargs={},
        started=timezone.now(),
        stopped=timezone.now(),
        result="ConnectionRefusedError: servidor de correo caído",
        success=False,
    )
    page = client.get("/admin/core/deadletter/").content.decode()
    assert "trabajos fallidos" in page.lower() and "servidor de correo caído" in page
    response = client.post(
        "/admin/core/deadletter/", {"action": "requeue", "_selected_action": ["a" * 32]}, follow=True
    )
    assert response.status_code == 200
    assert _queued_jobs() == [("tests.core.test_jobs.remember", ["otra vez"], {}, 1)]
    assert not Task.objects.exists()


def test_every_scheduled_job_is_a_job_that_runs_without_arguments():
    import inspect

    for scheduled in jobs.schedules():
        job = jobs.resolve(scheduled.job)
        required = [
            p
            for p in inspect.signature(job.func).parameters.values()
            if p.default is inspect.Parameter.empty and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
        ]
        assert required == [], f"{scheduled.name} needs arguments: {required}"
