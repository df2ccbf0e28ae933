"""ClaveÚnica login in live mode against `responses` standing in for accounts.claveunica.gob.cl (never the real host):
authorize parameters, the state rules, the token body, userinfo by POST with the bearer, RUN from RolUnico, binding
to the registry person, failures that create nothing, logout."""

import secrets
import subprocess
import sys
from urllib.parse import parse_qs, urlparse

import pytest
import responses
from responses import matchers

from panal.core.models import User
from panal.identity.models import LoginAttempt
from panal.registry import services as registry
from panal.registry.models import Person

pytestmark = pytest.mark.usefixtures("reference_data")

HOST = "https://accounts.claveunica.gob.cl"
TOKEN_URL = f"{HOST}/openid/token/"
USERINFO_URL = f"{HOST}/openid/userinfo/"


@pytest.fixture(autouse=True)
def live(settings):
    settings.CLAVEUNICA_MODE = "live"
    settings.CLAVEUNICA_AUTHORIZE_URL = f"{HOST}/openid/authorize/"
    settings.CLAVEUNICA_TOKEN_URL = TOKEN_URL
    settings.CLAVEUNICA_USERINFO_URL = USERINFO_URL
    settings.CLAVEUNICA_LOGOUT_URL = f"{HOST}/api/v1/accounts/app/logout"
    settings.CLAVEUNICA_CLIENT_ID = "cliente-gore"
    settings.CLAVEUNICA_CLIENT_SECRET = "secreto-del-entorno"
    settings.CLAVEUNICA_REDIRECT_URI = "https://panal.goreohiggins.gob.cl/cuenta/claveunica/callback/"
    settings.CLAVEUNICA_LOGOUT_REDIRECT_URI = "https://panal.goreohiggins.gob.cl/"


def userinfo(numero=44444444, dv="4", sub="1234567", nombres=("María", "José"), apellidos=("Del Río", "González")):
    return {
        "sub": sub,
        "RolUnico": {"numero": numero, "DV": dv, "tipo": "RUN"},
        "name": {"nombres": list(nombres), "apellidos": list(apellidos)},
    }


def start(client) -> dict:
    response = client.get("/cuenta/claveunica/ingresar/")
    assert response.status_code == 302
    url = urlparse(response["Location"])
    assert f"{url.scheme}://{url.netloc}{url.path}" == f"{HOST}/openid/authorize/"
    return {k: v[0] for k, v in parse_qs(url.query).items()}


def provider(info, *, token_status=200):
    responses.add(
        responses.POST,
        TOKEN_URL,
        json={"access_token": "tok-123", "token_type": "bearer", "expires_in": 3600, "id_token": "x.y.z"},
        status=token_status,
    )
    responses.add(
        responses.POST,
        USERINFO_URL,
        json=info,
        match=[matchers.header_matcher({"Authorization": "Bearer tok-123"})],
    )


def test_the_authorize_url_carries_exactly_the_documented_parameters(client):
    params = start(client)
    assert params["client_id"] == "cliente-gore"
    assert params["response_type"] == "code"
    assert params["scope"] == "openid run name"
    assert params["redirect_uri"] == "https://panal.goreohiggins.gob.cl/cuenta/claveunica/callback/"
    assert len(params["state"]) >= 30
    assert set(params) == {"client_id", "response_type", "scope", "redirect_uri", "state"}
    assert start(client)["state"] != params["state"]  # a fresh state for every login


@responses.activate
def test_login_posts_the_token_body_and_binds_the_run_to_the_registry_person(client):
    ana = registry.create_person(rut="44.444.444-4", first_names="María José", last_names="Del Río")
    state = start(client)["state"]
    provider(userinfo())
    response = client.get("/cuenta/claveunica/callback/", {"code": "c" * 32, "state": state})
    assert response.status_code == 302 and response["Location"] == "/mis-datos/"
    token_call, userinfo_call = responses.calls
    body = parse_qs(token_call.request.body)
    assert {k: v[0] for k, v in body.items()} == {
        "client_id": "cliente-gore",
        "client_secret": "secreto-del-entorno",
        "redirect_uri": "https://panal.goreohiggins.gob.cl/cuenta/claveunica/callback/",
        "grant_type": "authorization_code",
        "code": "c" * 32,
        "state": state,
    }
    assert token_call.request.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert userinfo_call.request.method == "POST"
    ana.refresh_from_db()
    assert ana.user is not None and ana.identity_verified_via == "claveunica"
    page = client.get("/mis-datos/").content.decode()
    assert "44.444.444-4" in page and "verificado con ClaveÚnica" in page
    attempt = LoginAttempt.objects.get()
    assert attempt.result == "ok" and attempt.run == "44444444-4" and len(attempt.state_hash) == 64
    assert state not in attempt.state_hash and "tok-123" not in str(attempt.__dict__)


@responses.activate
def test_a_run_with_dv_k_and_a_new_sub_on_the_second_login_is_the_same_person(client):
    # 10.000.013-K has check digit K.
    for sub in ("111", "999"):
        state = start(client)["state"]
        provider(userinfo(numero=10000013, dv="k", sub=sub, nombres=["Rosa"], apellidos=["Pérez"]))
        assert client.get("/cuenta/claveunica/callback/", {"code": "abc", "state": state}).status_code == 302
        client.post("/cuenta/claveunica/salir/")
    person = Person.objects.get(rut="10000013-K")
    assert person.first_names == "Rosa" and person.identity_verified
    assert User.objects.filter(email__endswith="@claveunica.invalid").count() == 1


@pytest.mark.parametrize(
    "info",
    [
        userinfo(numero="44444444"),  # a string where the guide documents an integer
        userinfo(dv="5"),  # wrong check digit
        userinfo(numero=True),
        {"sub": "1", "name": {"nombres": ["A"], "apellidos": ["B"]}},  # no RolUnico
        userinfo(nombres=[]),
    ],
)
@responses.activate
def test_a_bad_identity_ends_on_a_spanish_error_page_and_creates_nothing(client, info):
    users = User.objects.count()
    state = start(client)["state"]
    provider(info)
    response = client.get("/cuenta/claveunica/callback/", {"code": "abc", "state": state})
    assert response.status_code == 502
    assert "No se pudo ingresar con ClaveÚnica" in response.content.decode()
    assert User.objects.count() == users and not Person.objects.exists()
    assert LoginAttempt.objects.get().result == "identity_invalid"


@pytest.mark.parametrize("case", ["missing", "wrong", "reused", "expired"])
@responses.activate
def test_a_bad_state_is_refused_with_400_before_any_token_call(client, case, monkeypatch):
    state = start(client)["state"]
    provider(userinfo())
    if case == "reused":
        assert client.get("/cuenta/claveunica/callback/", {"code": "abc", "state": state}).status_code == 302
        client.post("/cuenta/claveunica/salir/")
        responses.calls.reset()
    if case == "expired":
        import time

        later = time.time() + 601
        monkeypatch.setattr("panal.identity.claveunica.time.time", lambda: later)
    params = {"code": "abc"}
    if case != "missing":
        params["state"] = "x" * 43 if case == "wrong" else state
    response = client.get("/cuenta/claveunica/callback/", params)
    assert response.status_code == 400
    assert "ClaveÚnica" in response.content.decode()
    assert len(responses.calls) == 0  # no token call
    assert LoginAttempt.objects.latest("id").result.startswith("state_")


@responses.activate
def test_a_token_endpoint_failure_or_timeout_creates_nothing(client):
    import requests

    state = start(client)["state"]
    responses.add(responses.POST, TOKEN_URL, body=requests.exceptions.ConnectTimeout())
    response = client.get("/cuenta/claveunica/callback/", {"code": "abc", "state": state})
    assert response.status_code == 502 and "no respondió a tiempo" in response.content.decode()
    assert not User.objects.filter(email__endswith="@claveunica.invalid").exists()
    state = start(client)["state"]
    responses.replace(responses.POST, TOKEN_URL, json={"error": "invalid_grant"}, status=400)
    assert client.get("/cuenta/claveunica/callback/", {"code": "abc", "state": state}).status_code == 502
    assert not Person.objects.exists()


def test_the_provider_refusing_the_login_shows_the_error_page(client):
    state = start(client)["state"]
    response = client.get("/cuenta/claveunica/callback/", {"error": "access_denied", "state": state})
    assert response.status_code == 400 and "Se canceló" in response.content.decode()


@responses.activate
def test_logout_is_a_post_that_ends_panal_then_claveunica_through_a_transit_page(client):
    state = start(client)["state"]
    provider(userinfo())
    client.get("/cuenta/claveunica/callback/", {"code": "abc", "state": state})
    assert client.get("/cuenta/claveunica/salir/").status_code == 405
    page = client.post("/cuenta/claveunica/salir/")
    text = page.content.decode()
    assert page.status_code == 200
    assert (
        "https://accounts.claveunica.gob.cl/api/v1/accounts/app/logout?redirect=https%3A%2F%2Fpanal.goreohiggins.gob.cl%2F"
        in text
    )
    assert "identity/logout.js" in text and "<script>" not in text  # no inline script
    assert client.get("/mis-datos/").status_code == 302  # Panal's session is over


def test_in_live_mode_the_fake_provider_does_not_exist(client):
    for path in ("authorize", "token", "userinfo", "logout"):
        assert client.get(f"/dev/claveunica/{path}/").status_code == 404
        assert client.post(f"/dev/claveunica/{path}/").status_code == 404


def test_panal_refuses_to_start_with_the_mock_provider_in_production(tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "PANAL_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(50),  # a strong key, so the mock provider is what is refused
        "CLAVEUNICA_MODE": "mock",
        "PANAL_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "panal.settings",
    }
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"], env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "CLAVEUNICA_MODE=mock no se permite con PANAL_ENV=production" in result.stderr


@responses.activate
def test_a_declared_record_with_applications_waits_for_staff_instead_of_merging(client, make_user, monkeypatch):
    from panal.registry.services import identity as identity_services

    applicant = make_user(email="rosa@example.cl", role="applicant")
    registry.declare_own_person(user=applicant, rut="44.444.444-4", first_names="Rosa", last_names="Ocho")
    real = registry.create_person(rut="44.444.444-4", first_names="María José", last_names="Cuatro")
    monkeypatch.setattr(identity_services, "_drop_declared", lambda person, actor: False)  # it has applications
    client.force_login(applicant)
    state = start(client)["state"]
    provider(userinfo())
    response = client.get("/cuenta/claveunica/callback/", {"code": "abc", "state": state}, follow=True)
    assert "el equipo la unirá" in response.content.decode()
    real.refresh_from_db()
    assert real.user is None  # nothing merged silently
    assert Person.objects.get(user=applicant).is_declared_only
