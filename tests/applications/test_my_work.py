"""«Mi trabajo»: each role finds its own queue, with links that open, and nothing of another agency."""

from datetime import timedelta

import pytest
from django.utils import timezone

from panal.applications import services

pytestmark = pytest.mark.django_db
SCORES = ("coherencia", "mercado", "presupuesto", "impacto")


@pytest.fixture
def desk(make_call, complete_draft, make_user):
    staff = make_user(email="analista@sercotec.cl", role="agency_staff", agency_code="sercotec")
    corfo = make_user(email="analista@corfo.cl", role="agency_staff", agency_code="corfo")
    evaluator = make_user(email="evalua@panal.cl", role="evaluator")
    member = make_user(email="cer1@gore.cl", role="committee_member")
    call = make_call()
    waiting, to_evaluate = [], None
    for _ in range(3):
        application, applicant = complete_draft(call=call)
        waiting.append(services.submit_application(application=application, actor=applicant))
    to_evaluate = waiting.pop()
    services.review(application=to_evaluate, actor=staff, name="declare_admissible")
    services.review(application=to_evaluate, actor=staff, name="start_evaluation")
    assignment = services.assign_evaluator(application=to_evaluate, actor=staff, evaluator=evaluator)
    session = services.create_session(
        call=call, actor=staff, held_at=timezone.now() + timedelta(days=4), quorum=1, members=[member], place="GORE"
    )
    return locals()


def test_staff_see_how_many_applications_wait_for_admissibility(client, desk):
    client.force_login(desk["staff"])
    page = client.get("/mi-trabajo/").content.decode()
    assert "Postulaciones por revisar admisibilidad" in page
    assert '<strong class="count">2</strong>' in page


def test_staff_of_another_agency_see_none_of_them(client, desk):
    client.force_login(desk["corfo"])
    page = client.get("/mi-trabajo/").content.decode()
    assert '<strong class="count">2</strong>' not in page
    assert desk["to_evaluate"].folio not in page


LABEL_TO_CLOSE = 'Evaluaciones completas por cerrar</a>\n      <strong class="count">'


def test_staff_find_the_evaluations_to_close_once_every_evaluator_is_done(client, desk, make_user):
    application, evaluator = desk["to_evaluate"], desk["evaluator"]
    client.force_login(desk["staff"])
    assert LABEL_TO_CLOSE + "0</strong>" in client.get("/mi-trabajo/").content.decode()
    services.declare_conflict(assignment=desk["assignment"], actor=evaluator, conflict=False)
    services.score(assignment=desk["assignment"], actor=evaluator, scores=dict.fromkeys(SCORES, 6))
    second = make_user(email="evalua2@panal.cl", role="evaluator")
    pending = services.assign_evaluator(application=application, actor=desk["staff"], evaluator=second)
    assert LABEL_TO_CLOSE + "0</strong>" in client.get("/mi-trabajo/").content.decode()  # one still to score
    services.declare_conflict(assignment=pending, actor=second, conflict=True, note="Es mi prima.")
    assert LABEL_TO_CLOSE + "1</strong>" in client.get("/mi-trabajo/").content.decode()  # out by a conflict
    listing = client.get("/postulaciones/gestion/?pendiente=por-cerrar").content.decode()
    assert application.folio in listing and desk["waiting"][0].folio not in listing
    services.review(application=application, actor=desk["staff"], name="close_evaluation")
    assert LABEL_TO_CLOSE + "0</strong>" in client.get("/mi-trabajo/").content.decode()


def test_an_application_waiting_for_a_third_evaluator_is_not_offered_to_close(client, desk, make_user):
    application, staff = desk["to_evaluate"], desk["staff"]
    services.declare_conflict(assignment=desk["assignment"], actor=desk["evaluator"], conflict=False)
    services.score(assignment=desk["assignment"], actor=desk["evaluator"], scores=dict.fromkeys(SCORES, 7))
    second = make_user(email="evalua2@panal.cl", role="evaluator")
    low = services.assign_evaluator(application=application, actor=staff, evaluator=second)
    services.declare_conflict(assignment=low, actor=second, conflict=False)
    services.score(assignment=low, actor=second, scores=dict.fromkeys(SCORES, 2))
    client.force_login(staff)
    assert LABEL_TO_CLOSE + "0</strong>" in client.get("/mi-trabajo/").content.decode()
    assert application.folio not in client.get("/postulaciones/gestion/?pendiente=por-cerrar").content.decode()


def test_an_evaluator_sees_the_assignment_with_its_due_date_and_pending_declaration(client, desk):
    client.force_login(desk["evaluator"])
    page = client.get("/mi-trabajo/").content.decode()
    assignment = desk["assignment"]
    assert desk["to_evaluate"].folio in page
    assert "declare si tiene conflicto de interés" in page
    assert assignment.due_on.strftime("%d-%m-%Y") in page
    assert client.get(f"/postulaciones/evaluacion/{assignment.pk}/").status_code == 200


def test_the_evaluation_is_due_ten_business_days_after_assignment(desk):
    from panal.reference.business_days import add_business_days

    assert desk["assignment"].due_on == add_business_days(timezone.localdate(), 10, "06")


def test_a_committee_member_sees_their_session_and_its_acta(client, desk):
    client.force_login(desk["member"])
    page = client.get("/mi-trabajo/").content.decode()
    session = desk["session"]
    assert f"/postulaciones/comite/sesion/{session.pk}/" in page
    assert f"/postulaciones/comite/sesion/{session.pk}/acta.pdf" in page
    assert "próxima, GORE" in page


def test_an_applicant_is_sent_home_from_the_back_office_desk(client, make_applicant):
    client.force_login(make_applicant())
    response = client.get("/mi-trabajo/")
    assert response.status_code == 302 and response["Location"] == "/"
