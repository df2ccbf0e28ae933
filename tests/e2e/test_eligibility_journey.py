"""A woman from Pichilemu finds the catalogue, filters it by her commune, and answers «¿A qué puedo postular?»
one question at a time in a real browser; every page passes axe-core."""

import pytest

from tests.e2e.browser import follow

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_catalogue_and_wizard_journey(page, live_server, assert_accessible, reference_data):
    page.goto(f"{live_server.url}/")
    follow(page.get_by_role("link", name="Instrumentos y convocatorias").first)
    page.wait_for_url("**/instrumentos/")
    assert_accessible(page)

    page.get_by_label("Comuna").fill("Pichilemu")
    follow(page.get_by_role("button", name="Filtrar"))
    assert "para Pichilemu" in page.get_by_role("status").inner_text()
    follow(page.get_by_role("link", name="Activa Inversión 2024, provincia de Cardenal Caro"))
    assert "Provincia de Cardenal Caro" in page.locator("main").inner_text()
    assert_accessible(page)

    follow(page.get_by_role("link", name="¿Cumplo los requisitos?"))
    page.get_by_label("Persona natural").check()
    assert_accessible(page)
    follow(page.get_by_role("button", name="Siguiente"))
    page.get_by_label("¿En qué comuna vive?").fill("Pichilemu")
    follow(page.get_by_role("button", name="Siguiente"))
    page.get_by_label("No", exact=True).check()
    follow(page.get_by_role("button", name="Siguiente"))
    page.get_by_label("¿Cuál es la fecha de nacimiento de quien postula?").fill("1990-04-02")
    follow(page.get_by_role("button", name="Siguiente"))
    page.get_by_label("Femenino").check()
    follow(page.get_by_role("button", name="Siguiente"))
    follow(page.get_by_role("button", name="Ver resultados ahora"))
    main = page.locator("main").inner_text()
    assert "Cumple los requisitos, pero la convocatoria ya cerró" in main
    assert "Capital Abeja Emprende 2024" in main.split("No cumple los requisitos")[0]
    assert_accessible(page)
