"""A group of firms answers each firm's sales in the wizard and is told which firms fall outside; the referential PAR
page and the regional context page pass axe-core too."""

import pytest

from tests.e2e.browser import follow

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_group_states_each_firms_sales_and_reads_which_fall_outside(
    page, live_server, assert_accessible, reference_data
):
    page.goto(f"{live_server.url}/a-que-puedo-postular/")
    page.get_by_label("Grupo").check()
    follow(page.get_by_role("button", name="Siguiente"))
    page.get_by_label("¿En qué comuna tiene su domicilio el grupo?").fill("Rancagua")
    follow(page.get_by_role("button", name="Siguiente"))
    page.get_by_label("Sí", exact=True).check()
    follow(page.get_by_role("button", name="Siguiente"))
    page.get_by_label("¿Cuántos integrantes tiene?").fill("5")
    follow(page.get_by_role("button", name="Siguiente"))
    assert page.locator('input[name="answer"]').count() == 5
    assert_accessible(page)
    for n, sales in enumerate(["100", "100", "100", "100", "50000"], start=1):
        page.get_by_label(f"Empresa {n} (UF al año)").fill(sales)
    follow(page.get_by_role("button", name="Siguiente"))
    if page.get_by_role("button", name="Ver resultados ahora").count():  # a question still pending: skip to results
        follow(page.get_by_role("button", name="Ver resultados ahora"))
    main = page.locator("main").inner_text()
    assert "empresa 1 (100 UF), empresa 2 (100 UF), empresa 3 (100 UF), empresa 4 (100 UF)" in main
    assert_accessible(page)


def test_the_referential_par_page_and_the_regional_context_are_accessible(
    page, live_server, assert_accessible, reference_data
):
    page.goto(f"{live_server.url}/instrumentos/convocatorias/corfo-par/")
    assert "Convocatoria referencial." in page.locator("main").inner_text()
    assert_accessible(page)
    page.goto(f"{live_server.url}/cifras/contexto/")
    assert "Cifras citadas" in page.locator("main").inner_text()
    assert_accessible(page)
    page.set_viewport_size({"width": 390, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
