"""Published results: staff of the call's agency publish once every session is closed; the public page and CSV
list every admissible application (natural persons by folio only); each applicant is told their own result and
the reconsideration dates; the call's page links to the results."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from panal.applications import services
from panal.core.errors import DomainError, PermissionDenied
from panal.reference.business_days import add_business_days

pytestmark = pytest.mark.django_db
HIGH = {"coherencia": 7, "mercado": 6, "presupuesto": 6, "impacto": 6}


@pytest.fixture
def decided(make_call, complete_draft, make_user):
    staff = make_user(email="analista@sercotec.cl", role="agency_staff", agency_code="sercotec")
    evaluator = make_user(email="evalua@panal.cl", role="evaluator")
    member = make_user(email="cer1@gore.cl", role="committee_member")
    call = make_call()
    apps = []
    for _ in range(2):
        application, applicant = complete_draft(call=call)
        services.submit_application(application=application, actor=applicant)
        services.review(application=application, actor=staff, name="declare_admissible")
        services.review(application=application, actor=staff, name="start_evaluation")
        assignment = services.assign_evaluator(application=application, actor=staff, evaluator=evaluator)
        services.declare_conflict(assignment=assignment, actor=evaluator, conflict=False)
        services.score(assignment=assignment, actor=evaluator, scores=HIGH)
        apps.append(services.review(application=application, actor=staff, name="close_evaluation"))
    rejected_draft, applicant = complete_draft(call=call)
    rejected_draft = services.submit_application(application=rejected_draft, actor=applicant)
    services.review(application=rejected_draft, actor=staff, name="declare_not_admissible", reason="Sin cédula.")
    session = services.create_session(
        call=call, actor=staff, held_at=timezone.now() + timedelta(days=1), quorum=1, members=[member]
    )
    services.record_attendance(session=session, actor=member, present=[member])
    services.decide(
        session=session, application=apps[0], actor=member, outcome="award", amount_clp=3500000, reason="Plan claro."
    )
    services.decide(session=session, application=apps[1], actor=member, outcome="reject", reason="Sin cupo.")
    return {"call": call, "staff": staff, "member": member, "session": session, "apps": apps, "out": rejected_draft}


def test_results_wait_for_the_session_to_close_and_only_the_calls_agency_publishes(decided, make_user):
    with pytest.raises(DomainError):
        services.publish_results(call=decided["call"], actor=decided["staff"])
    services.close_session(session=decided["session"], actor=decided["member"])
    corfo = make_user(email="analista@corfo.cl", role="agency_staff", agency_code="corfo")
    for intruder in (corfo, decided["member"]):
        with pytest.raises(PermissionDenied):
            services.publish_results(call=decided["call"], actor=intruder)
    services.publish_results(call=decided["call"], actor=decided["staff"])
    with pytest.raises(DomainError):
        services.publish_results(call=decided["call"], actor=decided["staff"])


def test_the_public_page_and_csv_list_admissible_applications_natural_persons_by_folio(client, decided):
    services.close_session(session=decided["session"], actor=decided["member"])
    call = decided["call"]
    assert client.get(f"/postulaciones/resultados/{call.code}/").status_code == 404
    services.publish_results(call=call, actor=decided["staff"])
    page = client.get(f"/postulaciones/resultados/{call.code}/").content.decode()
    awarded, rejected = decided["apps"]
    assert awarded.folio in page and rejected.folio in page and decided["out"].folio not in page
    assert "$3.500.000" in page and "Rancagua" in page
    assert awarded.person.last_names not in page and awarded.person.rut not in page
    csv = client.get(f"/postulaciones/resultados/{call.code}.csv").content.decode("utf-8-sig")
    lines = csv.strip().splitlines()
    assert lines[0] == "folio,organizacion,comuna,resultado,monto_clp"
    assert f"{awarded.folio},,Rancagua,Adjudicar,3500000" in lines
    assert awarded.person.last_names not in csv
    assert "Resultados publicados" in client.get(f"/instrumentos/convocatorias/{call.code}/").content.decode()


def test_each_applicant_is_told_their_result_scores_reasons_and_reconsideration_dates(
    django_capture_on_commit_callbacks, decided
):
    services.close_session(session=decided["session"], actor=decided["member"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        publication = services.publish_results(call=decided["call"], actor=decided["staff"])
    awarded, rejected = decided["apps"]
    assert sorted(m.to[0] for m in mail.outbox) == sorted([awarded.person.email, rejected.person.email])
    body = next(m.body for m in mail.outbox if m.to[0] == awarded.person.email)
    today = timezone.localdate()
    assert "Adjudicar por $3.500.000" in body and "Plan claro." in body
    assert "Coherencia del proyecto con el negocio (peso 30%): 7,0" in body
    assert f"corre desde el {today:%d-%m-%Y}" in body
    assert f"vence el {add_business_days(today, 5, '06'):%d-%m-%Y}" in body
    assert publication.reconsideration_from == today


def test_staff_find_the_call_to_publish_in_their_desk_once_the_session_is_closed(client, decided):
    call = decided["call"]
    client.force_login(decided["staff"])
    label = 'Convocatorias con resultados por publicar</a>\n      <strong class="count">'
    assert label + "0</strong>" in client.get("/mi-trabajo/").content.decode()  # the session is still open
    services.close_session(session=decided["session"], actor=decided["member"])
    assert label + "1</strong>" in client.get("/mi-trabajo/").content.decode()
    assert f"/postulaciones/comite/{call.code}/" in client.get("/postulaciones/comite/").content.decode()
    services.publish_results(call=call, actor=decided["staff"])
    assert label + "0</strong>" in client.get("/mi-trabajo/").content.decode()


def test_the_applicant_reaches_the_published_results_from_her_application(client, decided):
    awarded = decided["apps"][0]
    client.force_login(awarded.person.user)
    link = f'href="/postulaciones/resultados/{decided["call"].code}/"'
    assert link not in client.get(f"/postulaciones/{awarded.pk}/").content.decode()
    services.close_session(session=decided["session"], actor=decided["member"])
    services.publish_results(call=decided["call"], actor=decided["staff"])
    page = client.get(f"/postulaciones/{awarded.pk}/").content.decode()
    assert link in page and "Ver los resultados publicados de la convocatoria" in page
