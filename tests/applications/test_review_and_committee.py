"""Staff review, evaluators with conflicts of interest, scores and ranking, committee decisions within budget."""

import pytest
from django.utils import timezone

from panal.applications import selectors, services
from panal.applications.models import Application
from panal.core.errors import DomainError, PermissionDenied
from panal.core.models import AuditEntry

pytestmark = pytest.mark.django_db

ALL_SIX = {"coherencia": 6, "mercado": 6, "presupuesto": 6, "impacto": 6}


@pytest.fixture
def people(make_user):
    return {
        "staff": make_user(email="analista@sercotec.cl", role="agency_staff", agency_code="sercotec"),
        "corfo": make_user(email="analista@corfo.cl", role="agency_staff", agency_code="corfo"),
        "evaluator": make_user(email="evalua@panal.cl", role="evaluator"),
        "evaluator2": make_user(email="evalua2@panal.cl", role="evaluator"),
        "member1": make_user(email="cer1@gore.cl", role="committee_member"),
        "member2": make_user(email="cer2@gore.cl", role="committee_member"),
        "member3": make_user(email="cer3@gore.cl", role="committee_member"),
    }


@pytest.fixture
def submitted(complete_draft):
    def make(call=None):
        application, user = complete_draft(call=call)
        return services.submit_application(application=application, actor=user), user

    return make


def _evaluated(application, people, scores=None):
    services.review(application=application, actor=people["staff"], name="declare_admissible")
    services.review(application=application, actor=people["staff"], name="start_evaluation")
    assignment = services.assign_evaluator(
        application=application, actor=people["staff"], evaluator=people["evaluator"]
    )
    services.declare_conflict(assignment=assignment, actor=people["evaluator"], conflict=False)
    services.score(assignment=assignment, actor=people["evaluator"], scores=scores or ALL_SIX)
    return services.review(application=application, actor=people["staff"], name="close_evaluation")


def _session(call, people, present=2):
    session = services.create_session(
        call=call,
        actor=people["staff"],
        held_at=timezone.now(),
        quorum=2,
        members=[people["member1"], people["member2"], people["member3"]],
    )
    chosen = [people["member1"], people["member2"], people["member3"]][:present]
    return services.record_attendance(session=session, actor=people["staff"], present=chosen)


def test_not_admissible_needs_a_reason_and_the_applicant_reads_it(submitted, people):
    application, applicant = submitted()
    with pytest.raises(DomainError) as refused:
        services.review(application=application, actor=people["staff"], name="declare_not_admissible")
    assert refused.value.field == "reason"
    services.review(
        application=application,
        actor=people["staff"],
        name="declare_not_admissible",
        reason="La cédula adjunta está vencida.",
    )
    mine = services.get_own_application(pk=application.pk, actor=applicant)
    assert mine.state_label == "No admisible"
    assert [h.reason for h in selectors.history(mine)][-1] == "La cédula adjunta está vencida."


def test_staff_of_another_agency_and_applicants_cannot_review(submitted, people, security_log):
    application, applicant = submitted()
    for intruder in (people["corfo"], applicant, people["evaluator"]):
        with pytest.raises(PermissionDenied):
            services.review(application=application, actor=intruder, name="declare_admissible")
    application.refresh_from_db()
    assert application.state == "submitted"
    assert security_log("applications.refused.review") == 3  # the security log, not the audit table
    assert not AuditEntry.objects.filter(action__startswith="applications.refused.").exists()


def test_transition_not_allowed_from_the_current_state_is_refused(submitted, people):
    application, applicant = submitted()
    with pytest.raises(PermissionDenied) as refused:
        services.review(application=application, actor=people["staff"], name="close_evaluation")
    assert "Enviada" in refused.value.message
    with pytest.raises(PermissionDenied):
        services.respond_to_award(application=application, actor=applicant, accept=True)


def test_evaluator_never_sees_a_conflicted_application(submitted, people):
    application, _ = submitted()
    services.review(application=application, actor=people["staff"], name="declare_admissible")
    services.review(application=application, actor=people["staff"], name="start_evaluation")
    assignment = services.assign_evaluator(
        application=application, actor=people["staff"], evaluator=people["evaluator"]
    )
    assert list(selectors.assignments_for(people["evaluator"])) == [assignment]
    services.declare_conflict(
        assignment=assignment, actor=people["evaluator"], conflict=True, note="Es mi prima hermana."
    )
    assert list(selectors.assignments_for(people["evaluator"])) == []
    assert selectors.visible_assignment(pk=assignment.pk, evaluator=people["evaluator"]) is None
    with pytest.raises(DomainError):
        services.score(assignment=assignment, actor=people["evaluator"], scores=ALL_SIX)
    with pytest.raises(DomainError):  # the declaration is final
        services.declare_conflict(assignment=assignment, actor=people["evaluator"], conflict=False)


def test_nobody_evaluates_their_own_application(complete_draft, make_user, make_applicant, people):
    from django.contrib.auth.models import Group

    from panal.core.roles import EVALUATOR

    own = make_applicant()
    own.groups.add(Group.objects.get_or_create(name=EVALUATOR)[0])
    application, user = complete_draft(user=own)
    services.submit_application(application=application, actor=user)
    services.review(application=application, actor=people["staff"], name="declare_admissible")
    with pytest.raises(DomainError) as refused:
        services.assign_evaluator(application=application, actor=people["staff"], evaluator=own)
    assert refused.value.message == "Nadie puede evaluar su propia postulación."
    assert list(selectors.assignments_for(own)) == []


def test_scores_outside_the_scale_or_unknown_criteria_are_refused(submitted, people):
    application, _ = submitted()
    services.review(application=application, actor=people["staff"], name="declare_admissible")
    services.review(application=application, actor=people["staff"], name="start_evaluation")
    assignment = services.assign_evaluator(
        application=application, actor=people["staff"], evaluator=people["evaluator"]
    )
    services.declare_conflict(assignment=assignment, actor=people["evaluator"], conflict=False)
    with pytest.raises(DomainError) as refused:
        services.score(assignment=assignment, actor=people["evaluator"], scores={**ALL_SIX, "impacto": 8})
    assert refused.value.field == "impacto" and "de 1 a 7" in refused.value.message
    with pytest.raises(DomainError):
        services.score(assignment=assignment, actor=people["evaluator"], scores={**ALL_SIX, "simpatia": 7})
    with pytest.raises(PermissionDenied):
        services.score(assignment=assignment, actor=people["evaluator2"], scores=ALL_SIX)
    application.refresh_from_db()
    assert application.score is None


def test_weighted_scores_average_over_evaluators_and_rank(submitted, make_call, people):
    call = make_call()
    first, _ = submitted(call=call)
    second, _ = submitted(call=call)
    _evaluated(first, people, {"coherencia": 7, "mercado": 5, "presupuesto": 5, "impacto": 5})  # 5.6
    _evaluated(second, people, {"coherencia": 6, "mercado": 6, "presupuesto": 6, "impacto": 7})  # 6.2
    ranked = selectors.ranking(call)
    assert [(a.folio, str(a.score)) for a in ranked] == [(second.folio, "6.200"), (first.folio, "5.600")]


def test_committee_award_that_would_exceed_the_budget_is_refused(submitted, make_call, people):
    call = make_call(budget_clp=7_000_000)
    apps = [submitted(call=call)[0] for _ in range(3)]
    for application in apps:
        _evaluated(application, people)
    session = _session(call, people)
    for application in apps[:2]:
        services.decide(
            session=session,
            application=application,
            actor=people["member1"],
            outcome="award",
            amount_clp=3_500_000,
            reason="Buen puntaje.",
        )
    with pytest.raises(DomainError) as refused:
        services.decide(
            session=session,
            application=apps[2],
            actor=people["member1"],
            outcome="award",
            amount_clp=3_500_000,
            reason="Buen puntaje.",
        )
    assert "supera el presupuesto" in refused.value.message and "$7.000.000" in refused.value.message
    apps[2].refresh_from_db()
    assert apps[2].state == "evaluated" and apps[2].awarded_clp is None


def test_awards_never_exceed_the_places(submitted, make_call, people):
    call = make_call(places=1)
    apps = [submitted(call=call)[0] for _ in range(2)]
    for application in apps:
        _evaluated(application, people)
    session = _session(call, people)
    services.decide(
        session=session,
        application=apps[0],
        actor=people["member2"],
        outcome="award",
        amount_clp=3_500_000,
        reason="Primer lugar.",
    )
    with pytest.raises(DomainError) as refused:
        services.decide(
            session=session,
            application=apps[1],
            actor=people["member2"],
            outcome="award",
            amount_clp=3_500_000,
            reason="Segundo lugar.",
        )
    assert "1 cupos" in refused.value.message


def test_batch_decisions_are_all_or_nothing(submitted, make_call, people):
    call = make_call(budget_clp=3_500_000)
    apps = [submitted(call=call)[0] for _ in range(2)]
    for application in apps:
        _evaluated(application, people)
    session = _session(call, people)
    batch = [
        {"application": apps[0], "outcome": "award", "amount_clp": 3_500_000, "reason": "Primer lugar."},
        {"application": apps[1], "outcome": "award", "amount_clp": 3_500_000, "reason": "Segundo lugar."},
    ]
    with pytest.raises(DomainError) as refused:
        services.decide_batch(session=session, actor=people["member1"], decisions=batch)
    assert refused.value.message.startswith("Decisión 2:")
    assert sorted(Application.objects.filter(call=call).values_list("state", flat=True)) == ["evaluated"] * 2
    batch[1] = {"application": apps[1], "outcome": "waitlist", "reason": "Sin presupuesto; queda primera en espera."}
    made = services.decide_batch(session=session, actor=people["member1"], decisions=batch)
    assert [d.outcome for d in made] == ["award", "waitlist"]


def test_no_decisions_without_quorum_or_from_absent_members(submitted, make_call, people):
    call = make_call()
    application, _ = submitted(call=call)
    _evaluated(application, people)
    session = _session(call, people, present=1)
    with pytest.raises(DomainError) as refused:
        services.decide(session=session, application=application, actor=people["member1"], outcome="reject", reason="x")
    assert "No hay quórum" in refused.value.message
    session = _session(call, people, present=2)
    with pytest.raises(PermissionDenied):
        services.decide(session=session, application=application, actor=people["member3"], outcome="reject", reason="x")


def test_when_an_awardee_declines_the_next_on_the_waitlist_is_offered_the_place(submitted, make_call, people):
    call = make_call(budget_clp=3_500_000, places=1)
    (winner, winner_user), (second, second_user) = submitted(call=call), submitted(call=call)
    for application in (winner, second):
        _evaluated(application, people)
    session = _session(call, people)
    services.decide(
        session=session,
        application=winner,
        actor=people["member1"],
        outcome="award",
        amount_clp=3_500_000,
        reason="Mejor puntaje.",
    )
    services.decide(
        session=session, application=second, actor=people["member1"], outcome="waitlist", reason="Segundo puntaje."
    )
    services.respond_to_award(application=winner, actor=winner_user, accept=False, reason="Me cambio de región.")
    second.refresh_from_db()
    assert second.state == "awarded" and second.awarded_clp == 3_500_000
    assert "Se liberó un cupo" in selectors.history(second).last().reason
    services.respond_to_award(application=second, actor=second_user, accept=True)
    second.refresh_from_db()
    assert second.state_label == "Adjudicación aceptada"


def test_applicant_is_emailed_the_reason_when_not_admissible(submitted, people, django_capture_on_commit_callbacks):
    from django.core import mail

    application, _ = submitted()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.review(
            application=application, actor=people["staff"], name="declare_not_admissible", reason="Falta la cédula."
        )
    assert len(mail.outbox) == 1
    assert "no es admisible" in mail.outbox[0].subject and "Motivo: Falta la cédula." in mail.outbox[0].body


def test_clarification_is_asked_emailed_and_answered_once(submitted, people, django_capture_on_commit_callbacks):
    from django.core import mail

    application, applicant = submitted()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        item = services.request_clarification(
            application=application, actor=people["staff"], question="¿La olla es nueva o usada?"
        )
    assert "¿La olla es nueva o usada?" in mail.outbox[0].body
    with pytest.raises(PermissionDenied):
        services.answer_clarification(clarification=item, actor=people["staff"], answer="Nueva")
    services.answer_clarification(clarification=item, actor=applicant, answer="Nueva, con boleta.")
    with pytest.raises(DomainError):
        services.answer_clarification(clarification=item, actor=applicant, answer="Otra respuesta")
    item.refresh_from_db()
    assert item.answer == "Nueva, con boleta."
