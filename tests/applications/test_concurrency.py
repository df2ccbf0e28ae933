"""Real races (threads, real transactions): folios without gaps or duplicates, one submission per double click,
committee awards that never exceed the call's budget."""

import threading
import time

import pytest
from django.db import OperationalError, connection, connections
from django.utils import timezone

from panal.applications import services
from panal.applications.models import Application, StatusChange
from panal.core.errors import DomainError


def _race(workers: int, work) -> list:
    """Run `work(i)` in threads released together; collect its result or the refusal message."""
    results, barrier = [None] * workers, threading.Barrier(workers)

    def run(i):
        try:
            barrier.wait()
            for attempt in range(100):
                try:
                    results[i] = work(i)
                    return
                except OperationalError as exc:  # SQLite's shared in-memory test DB may answer "locked": retry
                    if "locked" not in str(exc) or attempt == 99:
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
def test_concurrent_submissions_get_consecutive_unique_folios(complete_draft, make_call):
    call = make_call(prefix="ABEJA")
    drafts = [complete_draft(call=call) for _ in range(8)]
    if connection.vendor == "sqlite":
        connection.close()

    results = _race(8, lambda i: services.submit_application(application=drafts[i][0], actor=drafts[i][1]).folio)
    assert sorted(results) == [f"ABEJA-06-2026-{n:06d}" for n in range(1, 9)]


@pytest.mark.django_db(transaction=True)
def test_a_burst_of_double_clicks_makes_one_submission(complete_draft):
    application, user = complete_draft()
    if connection.vendor == "sqlite":
        connection.close()

    results = _race(6, lambda i: services.submit_application(application=application, actor=user).folio)
    assert len(set(results)) == 1 and results[0].endswith("-000001")
    assert Application.objects.exclude(folio=None).count() == 1
    assert StatusChange.objects.filter(application=application, to_state="submitted").count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_awards_never_exceed_the_budget(complete_draft, make_call, make_user):
    call = make_call(budget_clp=7_000_000)
    analyst = make_user(email="analista@sercotec.cl", role="agency_staff", agency_code="sercotec")
    evaluator = make_user(email="evalua@panal.cl", role="evaluator")
    members = [make_user(email=f"cer{i}@gore.cl", role="committee_member") for i in range(4)]
    apps = []
    for _ in range(4):
        application, user = complete_draft(call=call)
        application = services.submit_application(application=application, actor=user)
        services.review(application=application, actor=analyst, name="declare_admissible")
        services.review(application=application, actor=analyst, name="start_evaluation")
        assignment = services.assign_evaluator(application=application, actor=analyst, evaluator=evaluator)
        services.declare_conflict(assignment=assignment, actor=evaluator, conflict=False)
        services.score(
            assignment=assignment,
            actor=evaluator,
            scores={"coherencia": 6, "mercado": 6, "presupuesto": 6, "impacto": 6},
        )
        apps.append(services.review(application=application, actor=analyst, name="close_evaluation"))
    session = services.create_session(call=call, actor=analyst, held_at=timezone.now(), quorum=2, members=members)
    services.record_attendance(session=session, actor=analyst, present=members)
    if connection.vendor == "sqlite":
        connection.close()

    def award(i):
        services.decide(
            session=session,
            application=apps[i],
            actor=members[i],
            outcome="award",
            amount_clp=3_500_000,
            reason="Puntaje sobre el corte.",
        )
        return "ok"

    results = _race(4, award)
    assert results.count("ok") == 2
    assert all("supera el presupuesto" in r for r in results if r != "ok")
    awarded = Application.objects.filter(call=call, state="awarded")
    assert sum(a.awarded_clp for a in awarded) == 7_000_000
