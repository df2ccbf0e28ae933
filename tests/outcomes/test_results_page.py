"""The public /resultados/ pages: charts with a table alternative, method notes, suppression, CSV, demo label."""

import pytest

from panal.catalog.selectors import get_call
from panal.outcomes import results
from panal.outcomes.demo import DEMO_CALL_CODE, load_demo
from tests.module_data import loaded_once_per_module

pytestmark = pytest.mark.django_db


def _load_demo():
    load_demo()
    call = get_call(DEMO_CALL_CODE)
    # The job runs after commit; inside a test transaction it is run by hand (two indicators keep it quick).
    results.refresh(call, indicators=["ventas_uf", "adopcion_digital"])
    return call


demo = loaded_once_per_module(_load_demo)


def test_the_results_page_lists_the_demo_call_labelled_as_fictitious(client, demo):
    page = client.get("/resultados/").content.decode()
    assert "Capital Semilla Emprende 2022" in page and "Demostración: datos ficticios" in page
    assert "Cómo leer estos resultados" in page


def test_a_call_page_draws_charts_with_a_table_and_the_estimates_in_plain_spanish(client, demo):
    page = client.get(f"/resultados/{DEMO_CALL_CODE}/").content.decode()
    assert page.count("<svg") >= 5 and "<table>" in page
    assert "Ventas netas anuales" in page and "Adopción digital" in page
    assert "Diferencias en diferencias:" in page and "Regresión discontinua:" in page
    assert "intervalo de 95%" in page
    assert "datos ficticios" in page
    assert "<script" not in page.split("</head>")[1]


def test_cells_of_fewer_than_five_firms_are_not_published(client, build_call):
    call = build_call(9, 10.0, seed=3)  # a handful of firms: some cells describe fewer than 5
    summary = results.refresh(call)
    cells = summary["indicators"]["ventas_uf"]
    for cell in cells.values():
        if cell["n"] < 5:
            assert cell["suppressed"] and cell["mean"] is None and cell["ci_low"] is None
    assert any(c["suppressed"] for c in cells.values())
    page = client.get(f"/resultados/{call.code}/").content.decode()
    assert "no se publica (muy pocas empresas)" in page
    csv = client.get("/resultados/resultados.csv").content.decode("utf-8-sig")
    suppressed = [line for line in csv.splitlines() if "menos de 5" in line]
    assert suppressed and all(line.endswith(";;;") for line in suppressed)


def test_the_aggregated_results_download_as_csv_and_in_the_open_data(client, demo):
    page = client.get("/resultados/resultados.csv")
    assert page["Content-Type"].startswith("text/csv")
    text = page.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("convocatoria;instrumento;anio;region;demostracion;indicador")
    assert f"{DEMO_CALL_CODE};capital-semilla-emprende;2022;06;si;ventas_uf" in text
    assert client.get("/api/v1/opendata/outcomes.csv").content == page.content


def test_a_call_without_registered_decisions_has_no_results_page(client, reference_data):
    assert client.get("/resultados/capital-abeja-emprende/").status_code == 404
    assert client.get("/resultados/no-existe/").status_code == 404


def test_the_demo_panel_never_mixes_with_imported_data(demo, build_call):
    from panal.outcomes.models import Observation

    assert not Observation.objects.filter(is_demo=True).exclude(source="demo").exists()
    call = build_call(40, 0.0, first_body=99_000_000)  # the same made-up RUTs, now as real imported firms
    real = results.compute_summary(call)["indicators"]["ventas_uf"]
    demo_summary = results.compute_summary(demo)["indicators"]["ventas_uf"]
    assert sum(c["n"] for c in real.values()) <= 4 * 40
    assert demo_summary["financiadas_antes"]["n"] + demo_summary["comparacion_antes"]["n"] == 400
