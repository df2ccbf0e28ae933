"""Concurrent disbursements and awards against real transactions: the locks keep every invariant."""

import threading
import time
from datetime import date

import pytest
from django.db import OperationalError, connection, connections

from panal.core.errors import DomainError
from panal.portfolio import selectors, services
from panal.portfolio.models import CallBudget, LedgerEntry, Project


def _race(workers: int, work) -> list[str]:
    """Run `work(i)` in parallel threads released at the same moment; collect "ok" or the refusal message."""
    results, barrier = [None] * workers, threading.Barrier(workers)

    def run(i):
        try:
            barrier.wait()
            for attempt in range(50):
                try:
                    work(i)
                    results[i] = "ok"
                    return
                except OperationalError as exc:  # SQLite's shared in-memory test DB answers "locked": try again
                    if "locked" not in str(exc) or attempt == 49:
                        raise
                    time.sleep(0.02)
        except DomainError as exc:
            results[i] = exc.message
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


@pytest.mark.django_db(transaction=True)
def test_concurrent_disbursements_never_exceed_the_award(builders):
    project = builders.project(builders.call(), amount=5_000_000)
    if connection.vendor == "sqlite":
        connection.close()

    def pay(i):
        services.disburse(project=project, amount_clp=1_000_000, paid_on=date(2024, 7, 1), reference=f"cuota {i}")

    results = _race(8, pay)
    assert results.count("ok") == 5
    assert all("supera lo que queda por desembolsar" in r for r in results if r != "ok")
    project.refresh_from_db()
    assert project.disbursed_clp == 5_000_000
    assert LedgerEntry.objects.filter(project=project, kind="disbursement").count() == 5
    assert sorted(
        LedgerEntry.objects.filter(project=project, kind="disbursement").values_list("instalment", flat=True)
    ) == [1, 2, 3, 4, 5]
    assert selectors.ledger_totals()["disbursed_clp"] == selectors.totals()["disbursed_clp"] == 5_000_000


@pytest.mark.django_db(transaction=True)
def test_concurrent_awards_never_exceed_the_call_budget(builders):
    call = builders.call(budget=12_000_000)
    people = [builders.person() for _ in range(6)]

    def award(i):
        services.create_project_from_award(
            call=call, person=people[i], amount_clp=4_000_000, awarded_on=date(2024, 6, 1), source_key=f"race:{i}"
        )

    results = _race(6, award)
    assert results.count("ok") == 3
    assert CallBudget.objects.get(call=call).awarded_clp == 12_000_000
    assert Project.objects.filter(call=call).count() == 3


@pytest.mark.django_db(transaction=True)
def test_concurrent_retries_of_one_disbursement_pay_once(builders):
    project = builders.project(builders.call(), amount=5_000_000)

    def pay(i):
        services.disburse(project=project, amount_clp=1_000_000, paid_on=date(2024, 7, 1), idempotency_key="pago-1")

    results = _race(5, pay)
    assert results == ["ok"] * 5
    project.refresh_from_db()
    assert project.disbursed_clp == 1_000_000
    assert LedgerEntry.objects.filter(project=project, kind="disbursement").count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_retries_of_one_award_create_one_project(builders):
    call = builders.call()
    person = builders.person()

    def award(i):
        services.create_project_from_award(
            call=call, person=person, amount_clp=3_000_000, awarded_on=date(2024, 6, 1), source_key="application:9"
        )

    results = _race(5, award)
    assert results == ["ok"] * 5
    assert Project.objects.filter(source_key="application:9").count() == 1
    assert CallBudget.objects.get(call=call).awarded_clp == 3_000_000
