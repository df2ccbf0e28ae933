"""Admissibility requirement by requirement: cumple / no cumple / subsanable, and the correction window counted in
Chilean business days (O'Higgins), after which the application is reviewed again, never dropped."""

from datetime import date

import pytest

from panal.applications import selectors, services
from panal.applications.models import Application
from panal.core.errors import DomainError, PermissionDenied

from .conftest import pdf_file

pytestmark = pytest.mark.django_db
ALL_MEET = {k: {"verdict": "meets"} for k in ("cedula", "domicilio", "cotizacion")}


@pytest.fixture
def staff(make_user):
    return make_user(email="analista@sercotec.cl", role="agency_staff", agency_code="sercotec")


@pytest.fixture
def submitted(make_call, complete_draft):
    application, applicant = complete_draft(call=make_call(with_requirements=True))
    return services.submit_application(application=application, actor=applicant), applicant


def _fixable_id_card(application, staff):
    verdicts = {**ALL_MEET, "cedula": {"verdict": "fixable", "note": "La cédula adjunta está vencida."}}
    services.check_requirements(application=application, actor=staff, verdicts=verdicts)


def test_admissible_only_once_every_requirement_is_checked_and_met(submitted, staff):
    application, _ = submitted
    services.check_requirements(application=application, actor=staff, verdicts={"cedula": {"verdict": "meets"}})
    with pytest.raises(DomainError) as refused:
        services.review(application=application, actor=staff, name="declare_admissible")
    assert "Domicilio" in refused.value.message and "Cotización" in refused.value.message
    services.check_requirements(application=application, actor=staff, verdicts=ALL_MEET)
    assert services.review(application=application, actor=staff, name="declare_admissible").state == "admissible"


def test_a_failed_requirement_gives_the_applicant_its_note_as_the_reason(submitted, staff):
    application, applicant = submitted
    with pytest.raises(DomainError):
        services.review(application=application, actor=staff, name="declare_not_admissible")
    verdicts = {**ALL_MEET, "domicilio": {"verdict": "fails", "note": "El negocio está en Santiago."}}
    services.check_requirements(application=application, actor=staff, verdicts=verdicts)
    services.review(application=application, actor=staff, name="declare_not_admissible")
    reasons = [h.reason for h in selectors.history(application)]
    assert "Domicilio o negocio en la región de la convocatoria: El negocio está en Santiago." in reasons[-1]


def test_not_met_and_fixable_need_a_note_and_unknown_requirements_are_refused(submitted, staff):
    application, _ = submitted
    with pytest.raises(DomainError) as refused:
        services.check_requirements(application=application, actor=staff, verdicts={"cedula": {"verdict": "fixable"}})
    assert refused.value.field == "cedula"
    for bad in ({"x\x00": {"verdict": "meets"}}, {"cedula": {"verdict": "quizás", "note": "?"}}):
        with pytest.raises(DomainError):
            services.check_requirements(application=application, actor=staff, verdicts=bad)
    assert not application.admissibility_checks.exists()


def test_staff_of_another_agency_cannot_check_requirements(submitted, make_user):
    application, applicant = submitted
    corfo = make_user(email="analista@corfo.cl", role="agency_staff", agency_code="corfo")
    for intruder in (corfo, applicant):
        with pytest.raises(PermissionDenied):
            services.check_requirements(application=application, actor=intruder, verdicts=ALL_MEET)


def test_fixable_opens_a_window_of_business_days_skipping_fiestas_patrias(submitted, staff):
    application, _ = submitted
    _fixable_id_card(application, staff)
    # Wednesday 16 September 2026 + 5 business days: the 18th is a holiday and the 19th–20th a weekend.
    services.request_correction(application=application, actor=staff, today=date(2026, 9, 16))
    application.refresh_from_db()
    assert application.state == "correcting"
    assert application.correction_due_on == date(2026, 9, 24)
    assert "24-09-2026" in selectors.history(application).last().reason


def test_the_applicant_replaces_the_document_and_the_application_returns_to_review(client, submitted, staff):
    application, applicant = submitted
    _fixable_id_card(application, staff)
    services.request_correction(application=application, actor=staff)
    client.force_login(applicant)
    page = client.get(f"/postulaciones/{application.pk}/").content.decode()
    assert "Subsanar su postulación" in page and "La cédula adjunta está vencida." in page
    old_hash = application.documents.get(question="id_card").sha256
    response = client.post(
        f"/postulaciones/{application.pk}/subsanar/",
        {"action": "send", "id_card": pdf_file("cedula-nueva.pdf", size=3000)},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == "submitted"
    assert application.documents.get(question="id_card").sha256 != old_hash
    assert set(services.verdicts_of(application)) == {"domicilio", "cotizacion"}  # the ID is checked again


def test_when_the_window_closes_the_application_is_reviewed_again_not_dropped(submitted, staff):
    application, applicant = submitted
    _fixable_id_card(application, staff)
    services.request_correction(application=application, actor=staff, today=date(2026, 9, 16))
    assert services.close_expired_corrections("2026-09-24") == 0  # the last day still counts
    with pytest.raises(DomainError):
        services.submit_correction(application=application, actor=applicant, today=date(2026, 9, 25))
    assert services.close_expired_corrections("2026-09-25") == 1
    application = Application.objects.get(pk=application.pk)
    assert application.state == "submitted"
    assert "Venció el plazo para subsanar" in selectors.history(application).last().reason
    assert services.close_expired_corrections("2026-09-30") == 0
