"""The local ClaveÚnica simulator (CLAVEUNICA_MODE=mock) answers like the real provider and refuses what the real
one refuses; Panal's own flow against it is covered end to end in tests/e2e/test_claveunica_journey.py."""

from urllib.parse import parse_qs, urlparse

import pytest

from panal.identity import mock

pytestmark = pytest.mark.usefixtures("reference_data")


@pytest.fixture(autouse=True)
def mock_mode(settings):
    settings.CLAVEUNICA_MODE = "mock"


def authorize_params(**changes):
    params = {
        "client_id": "panal-local",
        "response_type": "code",
        "scope": "openid run name",
        "redirect_uri": "http://testserver/cuenta/claveunica/callback/",
        "state": "s" * 43,
    }
    params.update(changes)
    return params


def test_the_picker_lists_the_four_official_test_runs(client):
    page = client.get("/dev/claveunica/authorize/", authorize_params()).content.decode()
    for run in ("44.444.444-4", "55.555.555-5", "88.888.888-8", "99.999.999-9"):
        assert run in page
    assert "Esto no es ClaveÚnica" in page


@pytest.mark.parametrize(
    "changes",
    [
        {"scope": "openid run name email"},
        {"state": "corto"},
        {"response_type": "token"},
        {"redirect_uri": "https://atacante.example/robar/"},
    ],
)
def test_the_simulator_refuses_what_claveunica_refuses(client, changes):
    assert client.get("/dev/claveunica/authorize/", authorize_params(**changes)).status_code == 400


def test_code_token_and_userinfo_round_trip_with_an_integer_numero(client):
    chosen = client.post("/dev/claveunica/authorize/", {**authorize_params(), "run": "99999999-9"})
    query = parse_qs(urlparse(chosen["Location"]).query)
    assert query["state"] == ["s" * 43]
    token = client.post(
        "/dev/claveunica/token/",
        {
            "client_id": "panal-local",
            "client_secret": "panal-local",
            "redirect_uri": "http://testserver/cuenta/claveunica/callback/",
            "grant_type": "authorization_code",
            "code": query["code"][0],
            "state": "s" * 43,
        },
    ).json()
    assert token["token_type"] == "bearer"
    info = client.post("/dev/claveunica/userinfo/", HTTP_AUTHORIZATION=f"Bearer {token['access_token']}").json()
    assert info["RolUnico"] == {"numero": 99999999, "DV": "9", "tipo": "RUN"}
    assert info["name"] == mock.TEST_PEOPLE["99999999-9"]
    assert client.get("/dev/claveunica/userinfo/").status_code == 405  # userinfo is POST, as the guide says
    assert client.post("/dev/claveunica/userinfo/", HTTP_AUTHORIZATION="Bearer falso").status_code == 401


def test_a_code_for_another_redirect_uri_is_refused(client):
    chosen = client.post("/dev/claveunica/authorize/", {**authorize_params(), "run": "44444444-4"})
    code = parse_qs(urlparse(chosen["Location"]).query)["code"][0]
    response = client.post(
        "/dev/claveunica/token/",
        {
            "client_id": "panal-local",
            "redirect_uri": "http://testserver/otra/",
            "grant_type": "authorization_code",
            "code": code,
        },
    )
    assert response.status_code == 400 and response.json()["error"] == "invalid_grant"
