"""Hole 12: sign-up told who has an account ("Ya existe una cuenta con el correo …"), and the HTML login was
case-sensitive on the e-mail while sign-up and the API lowercased it."""

import json

import pytest
from django.contrib.auth import get_user_model

from panal.core import notices
from panal.privacy.selectors import notice_shown_with

pytestmark = pytest.mark.django_db

PASSWORD = "panal-abeja-2026"


def signup(client, email):
    return client.post("/cuenta/crear/", {"email": email, "password1": PASSWORD, "password2": PASSWORD})


def _visible(response, client) -> tuple:
    page = client.get(response["Location"]).content.decode() if response.status_code == 302 else ""
    return response.status_code, response.get("Location"), page


def test_signup_answers_the_same_whether_the_account_exists_and_mails_the_owner(
    client, make_user, mailoutbox, django_capture_on_commit_callbacks
):
    make_user(email="existe@example.cl", password="otra-clave-segura-1")
    with django_capture_on_commit_callbacks(execute=True):
        known = signup(client, "Existe@Example.cl")
    with django_capture_on_commit_callbacks(execute=True):
        unknown = signup(client, "nadie@example.cl")
    assert _visible(known, client) == _visible(unknown, client)
    assert "Ya existe" not in client.get(known["Location"]).content.decode()
    # the owner learns of it by e-mail; the existing account is untouched and nobody was logged in
    to_owner = [m for m in mailoutbox if m.to == ["existe@example.cl"]]
    assert len(to_owner) == 1 and "ya tiene una" in to_owner[0].body
    owner = get_user_model().objects.get(email="existe@example.cl")
    assert owner.check_password("otra-clave-segura-1")
    assert "_auth_user_id" not in client.session


def test_an_account_someone_else_typed_cannot_be_used_without_the_mailbox(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        signup(client, "victima@example.cl")  # the attacker, with the attacker's password
    assert client.post("/cuenta/ingresar/", {"username": "victima@example.cl", "password": PASSWORD}).status_code == 200
    assert "_auth_user_id" not in client.session
    token = client.post(
        "/api/v1/applications/token",
        json.dumps({"email": "victima@example.cl", "password": PASSWORD}),
        content_type="application/json",
    )
    assert token.status_code == 401


@pytest.mark.parametrize("typed", ["ana@example.cl", "Ana@Example.CL", "  ANA@EXAMPLE.CL "])
def test_login_follows_the_same_email_rule_as_signup_and_the_api(client, make_user, typed):
    make_user(email="ana@example.cl", password="clave-segura-123")
    response = client.post("/cuenta/ingresar/", {"username": typed, "password": "clave-segura-123"})
    assert response.status_code == 302, typed
    client.logout()
    token = client.post(
        "/api/v1/applications/token",
        json.dumps({"email": typed, "password": "clave-segura-123"}),
        content_type="application/json",
    )
    assert token.status_code == 201


def test_lockout_counts_every_spelling_of_one_address_together(client, make_user, settings):
    settings.AXES_FAILURE_LIMIT = 3
    make_user(email="ana@example.cl", password="clave-segura-123")
    for typed in ("ana@example.cl", "ANA@example.cl", "Ana@Example.cl"):
        client.post("/cuenta/ingresar/", {"username": typed, "password": "equivocada"})
    response = client.post("/cuenta/ingresar/", {"username": "aNa@example.cl", "password": "clave-segura-123"})
    assert response.status_code == 429 or "_auth_user_id" not in client.session
    assert "_auth_user_id" not in client.session


def test_a_locked_out_account_is_told_in_json_on_the_api_and_in_a_page_elsewhere(client, make_user, settings):
    settings.AXES_FAILURE_LIMIT = 2
    make_user(email="ana@example.cl", password="clave-segura-123")
    body = json.dumps({"email": "ana@example.cl", "password": "equivocada"})
    for _ in range(3):
        response = client.post("/api/v1/applications/token", body, content_type="application/json")
    assert response.status_code == 429
    assert response["Content-Type"].startswith("application/json")
    assert "15 minutos" in response.json()["detail"]
    assert int(response["Retry-After"]) > 0
    page = client.post("/cuenta/ingresar/", {"username": "ana@example.cl", "password": "equivocada"})
    assert page.status_code == 429 and page["Content-Type"].startswith("text/html")


def test_sign_up_keeps_the_version_of_the_privacy_notice_the_page_showed(client):
    page = client.get("/cuenta/crear/").content.decode()
    assert f"versión {notices.version('cuenta')}" in page
    client.post("/cuenta/crear/", {"email": "nueva@example.cl", "password1": PASSWORD, "password2": PASSWORD})
    assert (
        notice_shown_with(get_user_model().objects.get(email="nueva@example.cl"), "cuenta")
        == notices.version("cuenta")
        != ""
    )
