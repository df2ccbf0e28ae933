"""A regional official opens /resultados/, reads a call's results (chart and table), and an applicant answers the
follow-up survey from the personal link in the e-mail: consent first, then the questions; axe on every page."""

import pytest

from panal.outcomes import results, services
from panal.outcomes.models import FollowUp, Observation
from tests.e2e.browser import follow
from tests.outcomes.conftest import build_call as _build_call  # noqa: F401  (registers the fixture under this name)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _no_horizontal_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_results_page_and_survey_are_readable_and_accessible(page, live_server, assert_accessible, _build_call):  # noqa: F811
    call = _build_call(80, 40.0)
    results.refresh(call, indicators=["ventas_uf"])
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(f"{live_server.url}/resultados/")
    assert page.locator("h1").inner_text() == "Resultados: ¿funcionó el apoyo?"
    assert_accessible(page)
    _no_horizontal_scroll(page)
    follow(page.get_by_role("link", name="Capital Abeja Emprende 2022"))
    page.wait_for_url(f"**/resultados/{call.code}/")
    assert page.locator("svg#grafico-ventas_uf").count() == 1
    assert "Diferencias en diferencias:" in page.locator("main").inner_text()
    assert_accessible(page)
    _no_horizontal_scroll(page)

    rut = call.decision_snapshot.entries.first().rut
    followup = FollowUp.objects.create(call=call, rut=rut, wave=12, due_on="2020-01-01")
    token = services.issue_link_token(followup)
    page.goto(f"{live_server.url}/resultados/encuesta/{token}/")
    assert_accessible(page)
    follow(page.get_by_role("button", name="Acepto participar"))
    page.get_by_label("Sí").first.check()
    page.get_by_label("Ventas de los últimos 12 meses (total)").fill("25000000")
    page.get_by_label("Usa internet en el negocio").check()
    assert_accessible(page)
    _no_horizontal_scroll(page)
    follow(page.get_by_role("button", name="Enviar respuestas"))
    assert "Recibimos sus respuestas" in page.locator("main").inner_text()
    assert Observation.objects.get(rut=rut, source="encuesta", item="ventas_clp").value == 25_000_000
