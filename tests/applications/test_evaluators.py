"""Evaluators: staff pick from a list with load and a suggestion, conflicts are declared against the call's
applicant list (natural persons by initials and commune), diverging scores call a third evaluator, and the rubric
shows its level descriptors."""

import pytest

from panal.applications import selectors, services
from panal.core.errors import DomainError

pytestmark = pytest.mark.django_db
HIGH = {"coherencia": 7, "mercado": 7, "presupuesto": 7, "impacto": 7}
LOW = {"coherencia": 3, "mercado": 3, "presupuesto": 3, "impacto": 3}
MID = {"coherencia": 5, "mercado": 5, "presupuesto": 5, "impacto": 5}


@pytest.fixture
def staff(make_user):
    return make_user(email="analista@sercotec.cl", role="agency_staff", agency_code="sercotec")


@pytest.fixture
def in_evaluation(make_call, complete_draft, staff):
    call = make_call()

    def make():
        application, applicant = complete_draft(call=call)
        services.submit_application(application=application, actor=applicant)
        services.review(application=application, actor=staff, name="declare_admissible")
        return services.review(application=application, actor=staff, name="start_evaluation")

    return make


def _scored(application, evaluator, staff, scores):
    assignment = services.assign_evaluator(application=application, actor=staff, evaluator=evaluator)
    services.declare_conflict(assignment=assignment, actor=evaluator, conflict=False)
    return services.score(assignment=assignment, actor=evaluator, scores=scores)


def test_the_least_loaded_evaluator_is_suggested_first_with_institution_and_load(in_evaluation, staff, make_user):
    busy = make_user(email="ocupada@panal.cl", role="evaluator")
    free = make_user(email="libre@panal.cl", role="evaluator")
    first = in_evaluation()
    services.assign_evaluator(application=first, actor=staff, evaluator=busy)
    pool = selectors.evaluator_pool(in_evaluation())
    assert [e.email for e in pool[:2]] == ["libre@panal.cl", "ocupada@panal.cl"]
    assert (pool[0].load, pool[1].load) == (0, 1)
    assert pool[0].institution == "sin institución registrada"
    assert free.email in [e.email for e in selectors.evaluator_pool(first)]
    assert busy.email not in [e.email for e in selectors.evaluator_pool(first)]  # already assigned there


def test_conflicts_are_declared_against_the_applicant_list_without_naming_natural_persons(
    client, in_evaluation, staff, make_user
):
    evaluator = make_user(email="evalua@panal.cl", role="evaluator")
    mine, neighbour = in_evaluation(), in_evaluation()
    a1 = services.assign_evaluator(application=mine, actor=staff, evaluator=evaluator)
    a2 = services.assign_evaluator(application=neighbour, actor=staff, evaluator=evaluator)
    client.force_login(evaluator)
    page = client.get(f"/postulaciones/evaluacion/{a1.pk}/").content.decode()
    assert "Persona natural R.P." in page and "Rancagua" in page
    assert neighbour.person.last_names not in page  # only the assigned applicant is named
    client.post(
        f"/postulaciones/evaluacion/{a1.pk}/",
        {"action": "declare", "conflicts": [str(neighbour.pk)], "note": "Es mi vecina y socia."},
    )
    a1.refresh_from_db()
    a2.refresh_from_db()
    assert a1.conflict is False and a2.conflict is True
    assert client.get(f"/postulaciones/evaluacion/{a2.pk}/").status_code == 404


def test_marking_an_application_of_another_call_is_refused(in_evaluation, staff, make_user, make_call, complete_draft):
    evaluator = make_user(email="evalua@panal.cl", role="evaluator")
    assignment = services.assign_evaluator(application=in_evaluation(), actor=staff, evaluator=evaluator)
    other, applicant = complete_draft(call=make_call())
    services.submit_application(application=other, actor=applicant)
    with pytest.raises(DomainError):
        services.declare_conflicts(assignment=assignment, actor=evaluator, conflicts_with=[other.pk], note="x")
    assignment.refresh_from_db()
    assert assignment.conflict is None


def test_diverging_scores_call_for_a_third_evaluator_before_closing(in_evaluation, staff, make_user):
    application = in_evaluation()
    evaluators = [make_user(email=f"evalua{n}@panal.cl", role="evaluator") for n in range(3)]
    _scored(application, evaluators[0], staff, HIGH)
    _scored(application, evaluators[1], staff, LOW)
    application.refresh_from_db()
    assert application.needs_third_evaluator
    with pytest.raises(DomainError) as refused:
        services.review(application=application, actor=staff, name="close_evaluation")
    assert "tercer" in refused.value.message
    _scored(application, evaluators[2], staff, MID)
    application.refresh_from_db()
    assert not application.needs_third_evaluator
    assert str(application.score) == "5.000"
    assert services.review(application=application, actor=staff, name="close_evaluation").state == "evaluated"


def test_close_scores_need_no_third_evaluator(in_evaluation, staff, make_user):
    application = in_evaluation()
    _scored(application, make_user(email="e1@panal.cl", role="evaluator"), staff, HIGH)
    _scored(application, make_user(email="e2@panal.cl", role="evaluator"), staff, {**HIGH, "impacto": 6})
    application.refresh_from_db()
    assert not application.needs_third_evaluator


def test_the_scoring_page_shows_the_level_guide_and_says_the_rubric_is_illustrative(
    client, in_evaluation, staff, make_user
):
    evaluator = make_user(email="evalua@panal.cl", role="evaluator")
    assignment = services.assign_evaluator(application=in_evaluation(), actor=staff, evaluator=evaluator)
    services.declare_conflict(assignment=assignment, actor=evaluator, conflict=False)
    client.force_login(evaluator)
    page = client.get(f"/postulaciones/evaluacion/{assignment.pk}/").content.decode()
    assert "Pauta ilustrativa" in page
    assert "Metas medibles de ventas o empleo en su comuna." in page
