"""Browser journeys of the registry (Playwright + Debian's Chromium, axe-core on every page):
staff import a file (report first, then confirm), find a person by RUT and correct them; an applicant fills,
sees and downloads their own data."""

import json

import pytest

from tests.e2e.browser import follow

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "clave-segura-123"


def log_in(page, live_server, email):
    page.goto(f"{live_server.url}/cuenta/ingresar/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", PASSWORD)
    follow(page.locator("form button[type=submit]").first)


def test_staff_import_report_confirm_search_and_correct(
    page,
    live_server,
    assert_accessible,
    reference_data,
    make_user,
    tmp_path,
):
    make_user(email="funcionaria@sercotec.cl", role="agency_staff", agency_code="sercotec", password=PASSWORD)
    log_in(page, live_server, "funcionaria@sercotec.cl")
    page.goto(f"{live_server.url}/registro/importar/")
    assert_accessible(page)
    csv_file = tmp_path / "personas.csv"
    csv_file.write_text(
        "rut;nombres;apellidos;comuna\n12.345.678-5;Ana;Soto Pérez;PICHILEMU\n11.111.111-1;Juan;Rojas;Atlántida\n",
        encoding="latin-1",
    )
    page.select_option("select[name=kind]", "people")
    page.set_input_files("input[name=file]", str(csv_file))
    follow(page.get_by_role("button", name="Revisar el archivo"))
    report = page.locator("table").inner_text()
    assert "Atlántida" in report and "no existe" in report
    assert_accessible(page)
    follow(page.get_by_role("button", name="Importar las 1 filas válidas"))
    assert "1 nuevas" in page.locator(".messages").inner_text()

    page.goto(f"{live_server.url}/registro/")
    page.fill("input[name=q]", "12.345.678-5")
    follow(page.get_by_role("button", name="Buscar"))
    follow(page.get_by_role("link", name="Ana Soto Pérez"))
    assert page.locator("h1").inner_text() == "Ana Soto Pérez"
    assert_accessible(page)
    follow(page.get_by_role("link", name="Editar"))
    page.fill("input[name=first_names]", "Ana María")
    page.fill("input[name=reason]", "corrección pedida por teléfono")
    assert_accessible(page)
    follow(page.get_by_role("button", name="Guardar"))
    assert page.locator("h1").inner_text() == "Ana María Soto Pérez"
    assert "corrección pedida por teléfono" in page.locator("#historial ~ div table").inner_text()


def test_applicant_fills_sees_and_downloads_own_data(page, live_server, assert_accessible, reference_data, make_user):
    make_user(email="rosa@example.cl", role="applicant", password=PASSWORD)
    log_in(page, live_server, "rosa@example.cl")
    page.goto(f"{live_server.url}/mis-datos/")
    assert page.locator("h1").inner_text() == "Complete su ficha"
    assert_accessible(page)
    page.fill("input[name=rut]", "12.345.678-5")
    page.fill("input[name=first_names]", "Rosa")
    page.fill("input[name=last_names]", "Catrileo Muñoz")
    page.select_option("select[name=commune]", "06201")
    page.get_by_label("Acepto que Panal guarde").check()
    follow(page.get_by_role("button", name="Guardar"))
    assert page.locator("h1").inner_text() == "Mis datos"
    assert "Pichilemu" in page.locator("dl").inner_text()
    assert_accessible(page)
    with page.expect_download() as info:
        page.get_by_role("link", name="Descargar mis datos (JSON)").click()
    data = json.loads(info.value.path().read_text(encoding="utf-8"))
    assert data["persona"]["apellidos"] == "Catrileo Muñoz"
