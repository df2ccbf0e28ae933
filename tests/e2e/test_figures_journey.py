"""Someone from the press opens /cifras, follows a figure to its projects and downloads the figure as CSV."""

from datetime import date

import pytest

from tests.e2e.browser import follow
from tests.portfolio.conftest import builders  # noqa: F401  (the portfolio builders)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def portfolio_data(builders):  # noqa: F811
    from panal.portfolio import services

    call = builders.call()
    rosa = builders.person(commune="06101", sex="F", first_names="Rosa", last_names="Catrileo Muñoz")
    a = builders.project(call, amount=4_000_000, person=rosa)
    services.disburse(project=a, amount_clp=3_000_000, paid_on=date(2024, 7, 1))
    coop = builders.project(call, amount=5_000_000, enterprise=builders.cooperative(commune="06201"))
    services.disburse(project=coop, amount_clp=5_000_000, paid_on=date(2024, 7, 1))
    return {"a": a, "coop": coop}


def test_figures_page_links_to_rows_and_downloads_csv(page, live_server, assert_accessible, portfolio_data):
    page.goto(f"{live_server.url}/cifras/")
    assert page.locator("h1").inner_text() == "Cifras de la inversión regional"
    assert "$8.000.000" in page.locator(".key-numbers").inner_text()  # executed 2024 = 3.000.000 + 5.000.000
    assert page.locator("svg#mapa path.commune").count() == 33
    assert_accessible(page)

    with page.expect_download() as info:
        page.get_by_role("link", name="Descargar «tipo de beneficiario» (CSV)").click()
    download = info.value
    assert download.suggested_filename == "panal-cifras-beneficiary_type.csv"
    text = download.path().read_text(encoding="utf-8-sig")
    assert "cooperativa;Cooperativa;5000000;5000000;1;1" in text
    assert "persona;Persona natural;4000000;3000000;1;1" in text

    follow(page.get_by_role("row", name="Cooperativa").get_by_role("link", name="Cooperativa"))
    page.wait_for_url("**/cifras/proyectos/?beneficiary_type=cooperativa")
    body = page.locator("main").inner_text()
    assert portfolio_data["coop"].code in body and portfolio_data["a"].code not in body
    assert "Rosa" not in page.content()
    assert_accessible(page)
