"""The applications API: token auth, drafts, uploads, submission with Idempotency-Key, errors in Spanish, staff list."""

import pytest
from django.db import transaction

from panal.applications import services
from panal.applications.models import IdempotencyRecord

from .conftest import ANSWERS, SEED_BUDGET, pdf_file

pytestmark = pytest.mark.django_db
BASE = "/api/v1/applications"


@pytest.fixture
def api_user(make_applicant):
    user = make_applicant("api@example.cl")
    user.set_password("clave-segura-123")
    user.save()
    return user


def _auth(token):
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_token_then_draft_answers_upload_and_submit(client, make_call, api_user):
    call = make_call()
    issued = client.post(
        f"{BASE}/token", {"email": "api@example.cl", "password": "clave-segura-123"}, content_type="application/json"
    )
    assert issued.status_code == 201
    auth = _auth(issued.json()["token"])
    created = client.post(BASE, {"call": call.code}, content_type="application/json", **auth)
    assert created.status_code == 201 and created.json()["state"] == "draft"
    app_id = created.json()["id"]
    patched = client.patch(
        f"{BASE}/{app_id}", {"answers": ANSWERS, "budget": SEED_BUDGET}, content_type="application/json", **auth
    )
    assert patched.status_code == 200 and patched.json()["answers"]["sector"] == "alimentos"
    uploaded = client.post(f"{BASE}/{app_id}/documents/id_card", {"file": pdf_file()}, **auth)
    assert uploaded.status_code == 201 and uploaded.json()["documents"] == ["id_card"]
    submitted = client.post(f"{BASE}/{app_id}/submit", **auth)
    assert submitted.status_code == 200
    body = submitted.json()
    assert body["folio"].startswith("ABEJA-06-2026-") and body["history"][-1]["state"] == "submitted"
    again = client.post(f"{BASE}/{app_id}/submit", **auth)
    assert again.json()["folio"] == body["folio"]
    status = client.get(f"{BASE}/{app_id}", **auth).json()
    assert status["state_label"] == "Enviada" and status["receipt_url"].endswith("comprobante.pdf")


def test_idempotency_key_returns_the_first_answer(client, make_call, api_user):
    call = make_call()
    client.force_login(api_user)
    headers = {"HTTP_IDEMPOTENCY_KEY": "crear-1"}
    first = client.post(BASE, {"call": call.code}, content_type="application/json", **headers)
    second = client.post(BASE, {"call": call.code}, content_type="application/json", **headers)
    assert first.status_code == second.status_code == 201
    assert first.json()["id"] == second.json()["id"]
    other = make_call()
    reused = client.post(BASE, {"call": other.code}, content_type="application/json", **headers)
    assert reused.status_code == 400 and "Idempotency-Key" in reused.json()["detail"]


def test_submit_with_missing_requirements_lists_each_field(client, make_call, api_user):
    call = make_call()
    client.force_login(api_user)
    app_id = client.post(BASE, {"call": call.code}, content_type="application/json").json()["id"]
    refused = client.post(f"{BASE}/{app_id}/submit")
    assert refused.status_code == 400
    fields = {e["field"]: e["message"] for e in refused.json()["errors"]}
    assert fields["id_card"] == "Falta adjuntar «Cédula de identidad (ambos lados)»."
    assert fields["budget"].startswith("Complete el presupuesto")


def test_submit_after_closing_is_409_with_the_closing_time(client, complete_draft):
    from datetime import timedelta

    from django.utils import timezone

    from panal.catalog.models import Call

    application, user = complete_draft()
    Call.objects.filter(pk=application.call_id).update(closes_at=timezone.now() - timedelta(minutes=1))
    client.force_login(user)
    refused = client.post(f"{BASE}/{application.pk}/submit")
    assert refused.status_code == 409
    assert "La convocatoria cerró el" in refused.json()["detail"] and refused.json()["code"] == "closed"
    application.refresh_from_db()
    assert application.state == "draft"


@pytest.mark.parametrize(
    ("payload", "status", "field"),
    [
        ({"answers": {"state": "awarded"}}, 400, "state"),
        ({"answers": ANSWERS, "state": "awarded"}, 422, "state"),
        ({"budget": [{"category": "gestion", "description": "x", "amount": "mucho"}]}, 400, "budget.1"),
    ],
)
def test_tampered_or_bad_drafts_are_refused_in_spanish(client, complete_draft, payload, status, field):
    application, user = complete_draft()
    client.force_login(user)
    refused = client.patch(f"{BASE}/{application.pk}", payload, content_type="application/json")
    assert refused.status_code == status
    body = refused.json()
    assert body.get("field") == field or any(e["field"] == field for e in body.get("errors", []))
    application.refresh_from_db()
    assert application.state == "draft" and application.budget == SEED_BUDGET


def test_another_applicants_application_is_not_found(client, complete_draft, make_applicant):
    application, _ = complete_draft()
    client.force_login(make_applicant())
    assert client.get(f"{BASE}/{application.pk}").status_code == 404
    assert client.post(f"{BASE}/{application.pk}/submit").status_code == 404


def test_without_auth_the_api_answers_401(client):
    assert client.get(BASE).status_code == 401
    assert client.get(BASE, HTTP_AUTHORIZATION="Bearer nada").status_code == 401


def test_staff_list_filters_and_stays_within_the_agency(client, complete_draft, make_user):
    application, user = complete_draft()
    services.submit_application(application=application, actor=user)
    client.force_login(make_user(email="a@sercotec.cl", role="agency_staff", agency_code="sercotec"))
    rows = client.get(f"{BASE}/staff/list?state=submitted").json()
    assert [r["id"] for r in rows] == [application.pk]
    assert client.get(f"{BASE}/staff/list?state=awarded").json() == []
    client.force_login(make_user(email="a@corfo.cl", role="agency_staff", agency_code="corfo"))
    assert client.get(f"{BASE}/staff/list").json() == []
    client.force_login(user)
    assert client.get(f"{BASE}/staff/list").status_code == 400


def test_endpoints_are_documented_in_the_openapi(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in (
        BASE,
        f"{BASE}/{{application_id}}/submit",
        f"{BASE}/staff/list",
        f"{BASE}/{{application_id}}/decision",
    ):
        assert path in paths


def test_upload_of_the_wrong_type_is_refused_in_spanish(client, complete_draft):
    from django.core.files.uploadedfile import SimpleUploadedFile

    application, user = complete_draft()
    client.force_login(user)
    bad = SimpleUploadedFile("cedula.pdf", b"GIF89a not a pdf at all")
    refused = client.post(f"{BASE}/{application.pk}/documents/id_card", {"file": bad})
    assert refused.status_code == 400 and refused.json()["field"] == "id_card"
    assert "no corresponde a un archivo PDF" in refused.json()["detail"]
    unknown = client.post(f"{BASE}/{application.pk}/documents/business_name", {"file": bad})
    assert unknown.status_code == 400 and unknown.json()["field"] == "business_name"


def test_a_transition_the_user_may_not_make_is_403_and_logged(client, complete_draft, security_log):

    application, user = complete_draft()
    services.submit_application(application=application, actor=user)
    client.force_login(user)
    refused = client.post(
        f"{BASE}/{application.pk}/review", {"action": "declare_admissible"}, content_type="application/json"
    )
    assert refused.status_code == 403 and "Solo el equipo" in refused.json()["detail"]
    application.refresh_from_db()
    assert application.state == "submitted"
    assert security_log("applications.refused.review") == 1


def _remember(user, body):
    return services.remember_response(
        user=user, key="envio-1", endpoint="submit:1", fingerprint="f", status_code=200, body=body
    )


@pytest.mark.django_db(transaction=True)
def test_an_idempotency_key_kept_twice_outside_a_transaction_keeps_the_first_answer(api_user):
    first = _remember(api_user, {"folio": "A"})
    second = _remember(api_user, {"folio": "B"})  # the same key raced in: its INSERT clashes on (user, key)
    assert first.pk == second.pk and second.body == {"folio": "A"}
    assert IdempotencyRecord.objects.filter(user=api_user, key="envio-1").count() == 1  # the connection still works


def test_an_idempotency_key_kept_twice_inside_a_transaction_leaves_that_transaction_usable(api_user):
    with transaction.atomic():
        _remember(api_user, {"folio": "A"})
        assert _remember(api_user, {"folio": "B"}).body == {"folio": "A"}
        assert IdempotencyRecord.objects.filter(user=api_user).count() == 1  # would fail if the clash broke it
