"""Uploaded documents open only for who handles the application (staff of the call's agency, evaluators assigned
without a conflict, members of the call's sessions, the applicant); each staff opening is audited; everyone else,
and every odd id, gets 404."""

from datetime import timedelta

import pytest
from django.utils import timezone

from panal.applications import services
from panal.core.models import AuditEntry
from tests.applications.conftest import (  # noqa: F401  (fixtures)
    _media_in_tmp_and_fast_passwords,
    complete_draft,
    make_applicant,
    make_call,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(make_call, complete_draft, make_user, make_applicant):  # noqa: F811  (fixtures imported above)
    staff = make_user(email="analista@sercotec.cl", role="agency_staff", agency_code="sercotec")
    call = make_call()
    application, applicant = complete_draft(call=call)
    services.submit_application(application=application, actor=applicant)
    services.review(application=application, actor=staff, name="declare_admissible")
    services.review(application=application, actor=staff, name="start_evaluation")
    clean = make_user(email="evalua@panal.cl", role="evaluator")
    conflicted = make_user(email="evalua2@panal.cl", role="evaluator")
    undeclared = make_user(email="evalua3@panal.cl", role="evaluator")
    for evaluator in (clean, conflicted, undeclared):
        assignment = services.assign_evaluator(application=application, actor=staff, evaluator=evaluator)
        if evaluator is clean:
            services.declare_conflict(assignment=assignment, actor=clean, conflict=False)
        if evaluator is conflicted:
            services.declare_conflict(assignment=assignment, actor=conflicted, conflict=True, note="Es mi prima.")
    member = make_user(email="cer1@gore.cl", role="committee_member")
    services.create_session(
        call=call, actor=staff, held_at=timezone.now() + timedelta(days=2), quorum=1, members=[member]
    )
    return {
        "document": application.documents.get(),
        "application": application,
        "applicant": applicant,
        "readers": {"staff": staff, "evaluator": clean, "member": member},
        "outsiders": {
            "corfo": make_user(email="analista@corfo.cl", role="agency_staff", agency_code="corfo"),
            "conflicted": conflicted,
            "undeclared": undeclared,
            "other_evaluator": make_user(email="evalua4@panal.cl", role="evaluator"),
            "other_member": make_user(email="cer9@gore.cl", role="committee_member"),
            "other_applicant": make_applicant(),
        },
    }


def _url(document_id):
    return f"/postulaciones/documentos/{document_id}/"


def test_readers_open_the_pdf_in_the_browser_and_each_opening_is_audited(client, case):
    document = case["document"]
    for name, reader in case["readers"].items():
        client.force_login(reader)
        response = client.get(_url(document.pk))
        assert response.status_code == 200, name
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("inline")
        assert b"".join(response.streaming_content).startswith(b"%PDF-")
        entry = AuditEntry.objects.filter(action="applications.document.read", actor=reader).get()
        assert entry.after["document"] == document.pk


def test_nobody_else_learns_the_document_exists(client, case):
    document = case["document"]
    before = AuditEntry.objects.filter(action="applications.document.read").count()
    for name, outsider in case["outsiders"].items():
        client.force_login(outsider)
        assert client.get(_url(document.pk)).status_code == 404, name
    client.logout()
    response = client.get(_url(document.pk))
    assert response.status_code == 302 and "/cuenta/ingresar" in response["Location"]
    assert AuditEntry.objects.filter(action="applications.document.read").count() == before


def test_odd_ids_are_404(client, case):
    client.force_login(case["readers"]["staff"])
    for path in ("99999999", "99999999999999999999999", "0"):
        assert client.get(_url(path)).status_code == 404
    assert client.get("/postulaciones/documentos/%00/").status_code == 404


def test_a_file_that_is_not_a_pdf_is_downloaded_not_shown(client, case):
    from panal.applications.models import Document

    document = case["document"]
    Document.objects.filter(pk=document.pk).update(content_type="image/png", original_name="foto.png")
    client.force_login(case["readers"]["staff"])
    response = client.get(_url(document.pk))
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_staff_page_and_the_scoring_page_link_the_documents(client, case):
    document = case["document"]
    client.force_login(case["readers"]["staff"])
    assert _url(document.pk) in client.get(f"/postulaciones/gestion/{case['application'].pk}/").content.decode()
    evaluator = case["readers"]["evaluator"]
    assignment = evaluator.assignments.get()
    client.force_login(evaluator)
    assert _url(document.pk) in client.get(f"/postulaciones/evaluacion/{assignment.pk}/").content.decode()
