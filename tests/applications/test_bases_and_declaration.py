"""The call's bases and sworn declaration (versioned texts), its PDFs and the question period; the review step
shows every answer and asks for the declaration, whose version and time are kept and printed on the receipt."""

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from panal.applications import selectors, services
from panal.core.errors import DomainError, PermissionDenied

from .conftest import pdf_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(make_user):
    return make_user(email="bases@sercotec.cl", role="agency_staff", agency_code="sercotec")


def _terms(call, staff, text="Declaro que la información es verdadera."):
    return services.publish_terms(call=call, actor=staff, bases_summary="Para mujeres.", declaration=text)


def test_submission_needs_the_current_declaration_and_keeps_its_version(complete_draft, staff):
    application, user = complete_draft()
    _terms(application.call, staff)
    with pytest.raises(services.AdmissibilityError) as refused:
        services.submit_application(application=application, actor=user)
    assert "declaración jurada" in refused.value.problems["terms"]
    _terms(application.call, staff, text="Versión 2 del texto.")
    with pytest.raises(services.AdmissibilityError) as stale:
        services.submit_application(application=application, actor=user, terms_version=1)
    assert "versión 2" in stale.value.problems["terms"]
    done = services.submit_application(application=application, actor=user, terms_version=2)
    assert done.terms_version == 2 and done.terms_accepted_at is not None


def test_versions_never_rewrite_earlier_ones_and_only_call_staff_publish(make_call, staff, make_user):
    call = make_call()
    first, second = _terms(call, staff, "uno"), _terms(call, staff, "dos")
    first.refresh_from_db()
    assert (first.version, first.declaration, second.version) == (1, "uno", 2)
    corfo = make_user(email="x@corfo.cl", role="agency_staff", agency_code="corfo")
    with pytest.raises(PermissionDenied):
        _terms(call, corfo)


def test_review_page_shows_answers_budget_documents_and_the_declaration(client, complete_draft, staff):
    application, user = complete_draft()
    _terms(application.call, staff)
    client.force_login(user)
    page = client.get(reverse("applications:review", args=[application.pk])).content.decode()
    assert "Amasandería Doña Rosa" in page and "Horno industrial" in page and "cedula.pdf" in page
    assert "$3.500.000" in page and "Declaración jurada" in page
    unsigned = client.post(reverse("applications:review", args=[application.pk]))
    assert unsigned.status_code == 400
    signed = client.post(
        reverse("applications:review", args=[application.pk]), {"accept_terms": "1", "terms_version": "1"}
    )
    assert signed.status_code == 302
    application.refresh_from_db()
    assert application.terms_version == 1


def test_receipt_prints_the_declaration_version_and_time(client, complete_draft, staff):
    from pypdf import PdfReader

    application, user = complete_draft()
    _terms(application.call, staff)
    services.submit_application(application=application, actor=user, terms_version=1)
    client.force_login(user)
    response = client.get(reverse("applications:receipt", args=[application.pk]))
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "declaración jurada, versión 1" in text


def test_questions_only_inside_the_period_and_answers_are_published(client, make_call, staff, make_applicant):
    call, user = make_call(), make_applicant()
    now = timezone.now()
    services.set_question_period(
        call=call, actor=staff, opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=1)
    )
    item = services.ask_question(call=call, actor=user, question="¿Puedo comprar un vehículo?")
    with pytest.raises(DomainError, match="Escriba su consulta"):
        services.ask_question(call=call, actor=user, question="\x00  ")
    with pytest.raises(DomainError, match="se reciben del") as late:
        services.ask_question(call=call, actor=user, question="¿Y ahora?", now=now + timedelta(days=2))
    assert late.value.code == "outside_period"
    services.answer_question(item=item, actor=staff, answer="No: las bases excluyen vehículos.")
    page = client.get(reverse("applications:call_info", args=[call.code])).content.decode()
    assert "excluyen vehículos" in page and user.email not in page


def test_call_documents_are_versioned_pdfs(client, make_call, staff):
    call = make_call()
    first = services.attach_call_document(
        call=call, actor=staff, kind="bases", slug="bases", title="Bases", file=pdf_file()
    )
    second = services.attach_call_document(
        call=call, actor=staff, kind="bases", slug="bases", title="Bases", file=pdf_file()
    )
    assert (first.version, second.version) == (1, 2)
    assert selectors.call_documents(call) == [second]
    with pytest.raises(DomainError, match="PDF"):
        services.attach_call_document(
            call=call, actor=staff, kind="anexo", slug="a1", title="Anexo", file=pdf_file("x.exe")
        )
    response = client.get(reverse("applications:call_document", args=[call.code, second.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
