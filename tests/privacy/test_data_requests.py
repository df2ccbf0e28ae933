"""Data-subject requests (Ley 21.719 Arts. 4-11): filed from «Mis datos» or the API, due in 30 calendar days, one
30-day extension with a reason, blocking within 2 business days, a staff queue with overdue alerts, the answer and
its file stored and downloadable only by the person."""

import io
import json
import zipfile
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from panal.core.errors import DomainError
from panal.privacy import services
from panal.privacy.models import DataRequest
from panal.registry import services as registry

pytestmark = pytest.mark.usefixtures("reference_data")
SANTIAGO = ZoneInfo("America/Santiago")


def test_the_api_files_a_request_with_the_documented_shape(client, applicant):
    response = client.post(
        "/api/v1/me/data-requests",
        {"kind": "acceso", "detail": "Quiero saber qué datos tienen"},
        content_type="application/json",
    )
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"id", "kind", "status", "received_at", "due_at"}
    assert body["kind"] == "acceso" and body["status"] == "recibida"
    received, due = datetime.fromisoformat(body["received_at"]), datetime.fromisoformat(body["due_at"])
    assert due - received == timedelta(days=30)
    assert [r["id"] for r in client.get("/api/v1/me/data-requests").json()] == [body["id"]]


@pytest.mark.parametrize(
    "payload",
    [{"kind": "borrar-todo"}, {"detail": "sin derecho"}, {"kind": "acceso", "detail": "x" * 2001}],
)
def test_the_api_refuses_bad_requests_in_spanish_and_files_nothing(client, applicant, payload):
    response = client.post("/api/v1/me/data-requests", payload, content_type="application/json")
    assert response.status_code == 422 and "campo" in response.json()["detail"]
    assert not DataRequest.objects.exists()


def test_the_api_needs_a_session_and_a_rectification_needs_its_detail(client, make_user):
    assert (
        client.post("/api/v1/me/data-requests", {"kind": "acceso"}, content_type="application/json").status_code == 401
    )
    client.force_login(make_user(email="b@example.cl"))
    response = client.post("/api/v1/me/data-requests", {"kind": "rectificacion"}, content_type="application/json")
    assert response.status_code == 400 and response.json()["field"] == "detail"
    nul = client.post(
        "/api/v1/me/data-requests", {"kind": "acceso", "detail": "a\x00b"}, content_type="application/json"
    )
    assert nul.status_code in (400, 422) and not DataRequest.objects.exists()


def test_the_api_accepts_the_bearer_token_of_the_api_without_a_session(make_user):
    from django.test import Client

    from panal.applications.services import issue_token

    user = make_user(email="token@example.cl")
    token = issue_token(user=user, label="mi programa")
    client = Client(enforce_csrf_checks=True)  # no session, no CSRF token: the bearer token alone
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    response = client.post(
        "/api/v1/me/data-requests", {"kind": "portabilidad"}, content_type="application/json", **headers
    )
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"id", "kind", "status", "received_at", "due_at"}
    assert DataRequest.objects.get(pk=body["id"]).user == user
    assert [r["id"] for r in client.get("/api/v1/me/data-requests", **headers).json()] == [body["id"]]
    bad = client.post("/api/v1/me/data-requests", {"kind": "olvido"}, content_type="application/json", **headers)
    assert bad.status_code == 422 and "kind" in bad.json()["detail"] and "debe ser uno de" in bad.json()["detail"]
    wrong = {"HTTP_AUTHORIZATION": "Bearer no-es-un-token"}
    refused = client.post("/api/v1/me/data-requests", {"kind": "acceso"}, content_type="application/json", **wrong)
    assert refused.status_code == 401 and DataRequest.objects.count() == 1


def test_a_blocking_request_is_due_within_two_business_days_skipping_holidays(applicant, monkeypatch):
    friday = datetime(2026, 12, 4, 10, 0, tzinfo=SANTIAGO)
    monkeypatch.setattr(timezone, "now", lambda: friday)
    request = services.file_request(user=applicant, kind="bloqueo", detail="mientras revisan mi rectificación")
    # Monday 7 is a business day, Tuesday 8 is a holiday (Inmaculada Concepción): the second is Wednesday 9.
    assert request.block_due_on.isoformat() == "2026-12-09"


def test_one_extension_with_a_reason_then_no_more(applicant, admin_user):
    request = services.file_request(user=applicant, kind="acceso")
    first_due = request.due_at
    with pytest.raises(DomainError):
        services.extend_request(request=request, reason="  ", actor=admin_user)
    request = services.extend_request(
        request=request, reason="Volumen de datos en varias instituciones", actor=admin_user
    )
    assert request.due_at == first_due + timedelta(days=30)
    with pytest.raises(DomainError, match="una sola vez"):
        services.extend_request(request=request, reason="otra vez", actor=admin_user)


def test_the_staff_queue_alerts_on_overdue_requests_and_only_administrators_see_it(
    client, applicant, admin_user, make_user
):
    late = services.file_request(user=applicant, kind="oposicion")
    DataRequest.objects.filter(pk=late.pk).update(due_at=timezone.now() - timedelta(days=1))
    services.file_request(user=applicant, kind="acceso")
    assert client.get("/privacidad/solicitudes/").status_code == 403
    client.force_login(make_user(email="f@sercotec.cl", role="agency_staff", agency_code="sercotec"))
    assert client.get("/privacidad/solicitudes/").status_code == 403
    client.force_login(admin_user)
    page = client.get("/privacidad/solicitudes/").content.decode()
    assert "1 solicitud vencida" in page and "Vencida" in page


def test_an_access_answer_holds_everything_from_every_app_and_only_its_owner_downloads_it(
    client, applicant, admin_user, make_user
):
    person = registry.create_person(
        rut="12.345.678-5", first_names="Ana", last_names="Soto", email="ana@example.cl", user=applicant
    )
    registry.verify_identity(user=applicant, rut=person.rut, method="staff", actor=admin_user, reason="cédula")
    client.post("/mis-datos/solicitudes/", {"kind": "acceso", "detail": ""})
    request = DataRequest.objects.get()
    client.force_login(admin_user)
    done = client.post(
        f"/privacidad/solicitudes/{request.pk}/", {"action": "answer", "answer": "Adjuntamos todos sus datos."}
    )
    assert done.status_code == 302
    client.force_login(applicant)
    page = client.get("/mis-datos/solicitudes/").content.decode()
    assert "Adjuntamos todos sus datos." in page
    download = client.get(f"/mis-datos/solicitudes/{request.pk}/respuesta/")
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    data = json.loads(archive.read("mis-datos.json"))["datos"]
    assert data["persona"][0]["rut"] == "12345678-5" and data["persona"][0]["rut_verificado"] is True
    assert data["cuenta"][0]["correo"] == "ana@example.cl"
    assert data["solicitudes_de_derechos"][0]["derecho"] == "Acceso"
    assert "persona.csv" in archive.namelist() and "cuenta.csv" in archive.namelist()
    # Someone else asking for that answer gets nothing.
    client.force_login(make_user(email="otra@example.cl"))
    assert client.get(f"/mis-datos/solicitudes/{request.pk}/respuesta/").status_code == 404


def test_suppression_erases_what_no_duty_keeps_and_says_which_basis_keeps_the_rest(applicant, admin_user):
    person = registry.create_person(
        rut="12.345.678-5",
        first_names="Ana",
        last_names="Soto",
        email="ana@example.cl",
        phone="+56 9 1234 5678",
        birth_date="1980-01-02",
        commune="06101",
        user=applicant,
    )
    request = services.file_request(user=applicant, kind="supresion")
    request = services.answer_request(request=request, answer="Suprimimos sus datos.", actor=admin_user)
    person.refresh_from_db()
    assert (person.email, person.phone, person.birth_date, person.commune_id) == ("", "", None, None)
    assert person.rut == "12345678-5"  # kept: it identifies a beneficiary of public funds
    assert "obligación legal" in request.answer and "persona:" in request.answer


def test_a_person_cannot_answer_or_read_anothers_request(client, applicant, make_user):
    other = make_user(email="otra@example.cl")
    theirs = services.file_request(user=other, kind="acceso")
    assert client.get(f"/privacidad/solicitudes/{theirs.pk}/").status_code == 403
    assert client.get(f"/mis-datos/solicitudes/{theirs.pk}/respuesta/").status_code == 404
    assert "otra@example.cl" not in client.get("/mis-datos/solicitudes/").content.decode()


def test_overdue_requests_are_e_mailed_to_the_administration(applicant, make_user, mailoutbox):
    make_user(email="admin@goreohiggins.cl", role="administrator")
    late = services.file_request(user=applicant, kind="acceso")
    services.file_request(user=applicant, kind="oposicion")
    DataRequest.objects.filter(pk=late.pk).update(due_at=timezone.now() - timedelta(days=2))
    mailoutbox.clear()
    assert services.alert_overdue_requests() == 1
    assert len(mailoutbox) == 1 and f"n.º {late.pk}" in mailoutbox[0].body
    assert mailoutbox[0].to == ["admin@goreohiggins.cl"]
