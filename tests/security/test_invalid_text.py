"""Hole 9: invalid text anywhere (a NUL byte, a lone UTF-16 surrogate, an over-long value) is a 4xx with a Spanish
message, never a 500. On PostgreSQL a NUL reaching a query raised "A string literal cannot contain NUL"; a lone
surrogate cannot even be encoded. Run this file with DATABASE_URL=postgres://... too."""

import json

import pytest

pytestmark = pytest.mark.django_db

NUL = "a\x00b"
SURROGATE = "a\ud800b"

GET_PAGES = [
    "/api/v1/activities?q={v}",
    "/api/v1/reference/activities?q={v}",
    "/api/v1/registrations/{v}",
    "/api/v1/territory/communes/{v}",
    "/api/v1/cooperatives?region={v}",
    "/semana/?q={v}",
    "/semana/?edicion={v}",
    "/semana/inscripciones/{v}/",
    "/semana/certificados/?codigo={v}",
    "/semana/certificados/{v}/",
    "/territorio/comunas/{v}/",
    "/instrumentos/?q={v}",
    "/instrumentos/convocatorias/{v}/",
    "/cifras/?year={v}",
    "/cifras/?call={v}",
    "/cifras/proyectos/?commune={v}",
    "/cifras/proyectos/{v}/",
    "/registro/?q={v}",
    "/postulaciones/gestion/?q={v}&convocatoria={v}",
    "/cuenta/ingresar/?next={v}",
]


def _quoted(value: str) -> str:
    return value.replace("\x00", "%00")


@pytest.mark.parametrize("template", GET_PAGES)
def test_a_nul_byte_in_a_url_is_refused_in_spanish_not_a_500(admin_client, reference_data, template):
    response = admin_client.get(template.format(v=_quoted(NUL)))
    assert 400 <= response.status_code < 500, response.status_code
    if response.status_code in (400, 422):
        body = response.content.decode()
        assert "carácter nulo" in (response.json()["detail"] if "json" in response["Content-Type"] else body)


@pytest.mark.parametrize("template", ["/cifras/?year={v}", "/cifras/?call={v}", "/cifras/proyectos/?year={v}"])
def test_filters_out_of_range_are_not_a_500(client, reference_data, template):
    for value in ("99999999999999999999999", "abc", "-1"):
        assert client.get(template.format(v=value)).status_code < 500


@pytest.mark.parametrize("bad", [NUL, SURROGATE, "x" * 200_000])
def test_registration_with_invalid_text_in_the_json_body_is_422(client, make_activity, bad):
    activity = make_activity(capacity=5)
    body = json.dumps({"name": bad, "email": "ana@example.cl"})  # json.dumps writes \\u0000 and \\ud800 escapes
    response = client.post(f"/api/v1/activities/{activity.pk}/registrations", body, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "name"


FORM = "application/x-www-form-urlencoded"


def test_registration_form_with_a_nul_byte_is_400_in_spanish(client, make_activity):
    activity = make_activity(capacity=5)
    response = client.post(f"/semana/actividades/{activity.pk}/", {"name": NUL, "email": "ana@example.cl"})
    assert response.status_code == 400
    assert "«name»" in response.content.decode() and "carácter nulo" in response.content.decode()


def test_a_form_with_broken_utf8_is_not_a_500(client, make_activity):
    activity = make_activity(capacity=5)
    body = "name=a%ED%A0%80b&email=ana%40example.cl"  # an encoded lone surrogate: not valid UTF-8
    assert client.post(f"/semana/actividades/{activity.pk}/", body, content_type=FORM).status_code < 500
    too_long = {"name": "x" * 200_001, "email": "ana@example.cl"}
    assert client.post(f"/semana/actividades/{activity.pk}/", too_long).status_code == 400


@pytest.mark.parametrize("bad", [NUL, SURROGATE])
def test_the_token_endpoint_refuses_invalid_text(client, reference_data, bad):
    body = json.dumps({"email": f"ana{bad}@example.cl", "password": bad})
    response = client.post("/api/v1/applications/token", body, content_type="application/json")
    assert response.status_code == 422


def test_login_and_signup_forms_refuse_a_nul_byte(client, reference_data):
    for url, data in (
        ("/cuenta/ingresar/", {"username": f"a{NUL}@example.cl", "password": "x"}),
        ("/cuenta/crear/", {"email": f"a{NUL}@example.cl", "password1": "x", "password2": "x"}),
    ):
        assert client.post(url, data).status_code == 400


def test_a_corrupt_session_cookie_is_ignored_not_a_500(client, reference_data):
    client.cookies["sessionid"] = "abc\x00def"
    assert client.get("/").status_code == 200


def test_a_nul_byte_in_a_header_is_refused(client, reference_data):
    response = client.get("/api/v1/territory/regions", HTTP_AUTHORIZATION="Bearer a\x00b")
    assert response.status_code == 422


def test_a_broken_multipart_body_is_a_clean_400_not_a_server_error(client):
    response = client.generic(
        "POST",
        "/api/v1/applications/token",
        b"--x\r\nnot a part",
        content_type="multipart/form-data",  # no boundary: the parser cannot read it
    )
    assert response.status_code == 400
    assert response.json()["detail"].startswith("El formulario llegó mal formado")
