"""A woman from Pichilemu finds the catalogue, filters it by her commune, and answers «¿A qué puedo postular?»
one question at a time in a real browser; every page passes axe-core."""

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_catalogue_and_wizard_journey(page, live_server, assert_accessible, reference_data):
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Instrumentos y convocatorias").first.click()
    page.wait_for_url("**/instrumentos/")
    assert_accessible(page)

    page.get_by_label("Comuna").fill("Pichilemu")
    page.get_by_role("button", name="Filtrar").click()
    assert "para Pichilemu" in page.get_by_role("status").inner_text()
    page.get_by_role("link", name="Activa Inversión 2024, provincia de Cardenal Caro").click()
    assert "Provincia de Cardenal Caro" in page.locator("main").inner_text()
    assert_accessible(page)

    page.get_by_role("link", name="¿Cumplo los requisitos?").click()
    page.get_by_label("Persona natural").check()
    assert_accessible(page)
    page.get_by_role("button", name="Siguiente").click()
    page.get_by_label("¿En qué comuna vive?").fill("Pichilemu")
    page.get_by_role("button", name="Siguiente").click()
    page.get_by_label("No", exact=True).check()
    page.get_by_role("button", name="Siguiente").click()
    page.get_by_label("¿Cuál es la fecha de nacimiento de quien postula?").fill("1990-04-02")
    page.get_by_role("button", name="Siguiente").click()
    page.get_by_label("Femenino").check()
    page.get_by_role("button", name="Siguiente").click()
    page.get_by_role("button", name="Ver resultados ahora").click()
    main = page.locator("main").inner_text()
    assert "Cumple los requisitos, pero la convocatoria ya cerró" in main
    assert "Capital Abeja Emprende 2024" in main.split("No cumple los requisitos")[0]
    assert_accessible(page)
