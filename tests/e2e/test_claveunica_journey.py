"""Browser journey through the local ClaveÚnica simulator (CLAVEUNICA_MODE=mock): from the home page to «Mis datos»
with the verified RUT, an access request, staff answer it, the person downloads the answer; then logout through the
transit page. Token and userinfo are real HTTP calls from the server to the simulator."""

import io
import json
import zipfile

import pytest

from tests.e2e.browser import follow

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "clave-segura-123"


@pytest.fixture(autouse=True)
def mock_mode(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CLAVEUNICA_MODE = "mock"
    settings.CLAVEUNICA_REDIRECT_URI = ""
    settings.CLAVEUNICA_LOGOUT_REDIRECT_URI = ""


def test_login_with_claveunica_request_my_data_and_download_the_answer(
    page, browser, live_server, assert_accessible, reference_data, make_user
):
    from panal.registry import services as registry

    # Staff had registered her before; ClaveÚnica binds her new account to that record.
    registry.create_person(rut="44.444.444-4", first_names="María José", last_names="Cuatro Prueba", commune="06101")
    make_user(email="dpd@goreohiggins.cl", role="administrator", password=PASSWORD)

    page.goto(f"{live_server.url}/")
    follow(page.get_by_role("link", name="Ingresar con ClaveÚnica"))
    assert page.locator("h1").inner_text() == "Ingresar con ClaveÚnica"
    assert_accessible(page)
    follow(page.get_by_role("link", name="Iniciar sesión con ClaveÚnica"))
    assert page.locator("h1").inner_text() == "Simulador de ClaveÚnica"
    assert_accessible(page)
    follow(page.get_by_role("button", name="44.444.444-4"))
    page.wait_for_url("**/mis-datos/")
    facts = page.locator("dl").inner_text()
    assert "44.444.444-4" in facts and "verificado con ClaveÚnica" in facts and "Rancagua" in facts
    assert_accessible(page)

    follow(page.get_by_role("link", name="Mis solicitudes y consentimientos"))
    page.get_by_label("Acceso", exact=False).first.check()
    follow(page.get_by_role("button", name="Enviar solicitud"))
    assert "Recibimos su solicitud" in page.locator(".messages").inner_text()
    assert_accessible(page)

    staff = browser.new_context(locale="es-CL", timezone_id="America/Santiago").new_page()
    staff.goto(f"{live_server.url}/cuenta/ingresar/")
    staff.fill("input[name=username]", "dpd@goreohiggins.cl")
    staff.fill("input[name=password]", PASSWORD)
    follow(staff.locator("form button[type=submit]").first)
    staff.goto(f"{live_server.url}/privacidad/solicitudes/")
    assert_accessible(staff)
    follow(staff.locator("table a").first)
    assert_accessible(staff)
    staff.fill("textarea[name=answer]", "Adjuntamos todos los datos que Panal tiene sobre usted.")
    follow(staff.get_by_role("button", name="Responder", exact=True))
    assert "respuesta quedó registrada" in staff.locator(".messages").inner_text()
    staff.context.close()

    page.reload()
    with page.expect_download() as info:
        page.get_by_role("link", name="Descargar mis datos (ZIP con JSON y CSV)").click()
    archive = zipfile.ZipFile(io.BytesIO(info.value.path().read_bytes()))
    data = json.loads(archive.read("mis-datos.json"))["datos"]
    assert data["persona"][0]["rut"] == "44444444-4" and data["persona"][0]["rut_verificado"] is True
    assert data["ingresos_con_claveunica"][0]["resultado"] == "Ingreso correcto"

    # Logout: Panal's session ends, the transit page sends the browser through ClaveÚnica's logout and home.
    follow(page.get_by_role("button", name="Salir"))
    page.wait_for_url(f"{live_server.url}/")
    assert page.get_by_role("link", name="Ingresar con ClaveÚnica").is_visible()
