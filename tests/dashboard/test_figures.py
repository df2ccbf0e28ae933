"""The public figures page: numbers equal the ledger, every figure links to its rows and downloads."""

import io
import re
from datetime import date

import pytest
from openpyxl import load_workbook

from panal.portfolio import selectors, services


@pytest.fixture
def portfolio_data(builders):
    call = builders.call()
    woman = builders.person(commune="06101", sex="F", first_names="Rosa", last_names="Catrileo Muñoz")
    man = builders.person(commune="06301", sex="M", first_names="Juan", last_names="Pérez Lagos")
    a = builders.project(call, amount=4_000_000, person=woman)
    b = builders.project(call, amount=2_000_000, person=man)
    coop = builders.project(call, amount=5_000_000, enterprise=builders.cooperative(commune="06201"))
    services.disburse(project=a, amount_clp=4_000_000, paid_on=date(2024, 7, 1))
    services.disburse(project=b, amount_clp=1_000_000, paid_on=date(2024, 7, 1))
    wrong = services.disburse(project=coop, amount_clp=3_000_000, paid_on=date(2024, 7, 1))
    services.reverse_entry(entry=wrong, reason="cuenta equivocada")
    services.disburse(project=coop, amount_clp=2_500_000, paid_on=date(2024, 7, 2))
    return {"a": a, "b": b, "coop": coop}


def test_key_numbers_equal_the_ledger(client, portfolio_data):
    html = client.get("/cifras/").content.decode()
    ledger = selectors.ledger_totals()
    assert ledger["disbursed_clp"] == 7_500_000
    assert "$7.500.000</span> ejecutado 2024" in html
    assert "$11.000.000</span> adjudicado" in html
    assert "3</span> beneficiarios" in html
    assert "1</span> cooperativas apoyadas" in html


def test_kept_figures_change_at_once_with_a_disbursement_or_a_new_project(client, portfolio_data, builders):
    assert "$7.500.000</span> ejecutado 2024" in client.get("/cifras/").content.decode()  # now kept for visitors
    services.disburse(project=portfolio_data["b"], amount_clp=500_000, paid_on=date(2024, 8, 1))
    assert "$8.000.000</span> ejecutado 2024" in client.get("/cifras/").content.decode()
    builders.project(builders.call(), amount=1_000_000)
    assert "$12.000.000</span> adjudicado" in client.get("/cifras/").content.decode()


def test_every_figure_has_chart_table_and_downloads(client, portfolio_data):
    html = client.get("/cifras/").content.decode()
    for key in (
        "year",
        "instrument",
        "agency",
        "funding_source",
        "province",
        "commune",
        "beneficiary_type",
        "sex",
        "objective",
    ):
        assert f'id="grafico-{key}"' in html
        assert f"/cifras/cifra/{key}.csv" in html and f"/cifras/cifra/{key}.xlsx" in html
    assert 'id="mapa"' in html and html.count('class="commune"') == 33  # one polygon per O'Higgins commune
    assert "cdn" not in html.lower()


def test_figure_links_lead_to_its_rows(client, portfolio_data):
    html = client.get("/cifras/").content.decode()
    assert "/cifras/proyectos/?sex=F" in html
    rows = client.get("/cifras/proyectos/?sex=F").content.decode()
    assert portfolio_data["a"].code in rows and portfolio_data["b"].code not in rows
    assert "Rosa" not in rows and "Persona natural" in rows
    commune = client.get("/cifras/proyectos/?commune=06201").content.decode()
    assert portfolio_data["coop"].code in commune and "Cooperativa Campesina Valle Verde" in commune


def test_figure_csv_and_xlsx_downloads(client, portfolio_data):
    response = client.get("/cifras/cifra/beneficiary_type.csv")
    assert response["Content-Disposition"].startswith("attachment")
    lines = response.content.decode("utf-8-sig").strip().splitlines()
    assert lines[0].startswith("Clave;Grupo;Monto adjudicado")
    assert "persona;Persona natural;6000000;5000000;2;2;No" in lines
    assert "cooperativa;Cooperativa;5000000;2500000;1;1;No" in lines
    sheet = load_workbook(io.BytesIO(client.get("/cifras/cifra/province.xlsx").content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert sum(r[2] for r in values[1:]) == 11_000_000
    assert client.get("/cifras/cifra/nada.csv").status_code == 404


def test_filtered_figures_and_rows_download(client, portfolio_data):
    html = client.get("/cifras/?province=063").content.decode()
    assert "Filtrado por: Provincia: Colchagua" in html
    text = client.get("/cifras/proyectos.csv?province=063").content.decode("utf-8-sig")
    assert len(text.strip().splitlines()) == 2 and portfolio_data["b"].code in text


def test_project_page_shows_ledger_with_correction(client, portfolio_data):
    html = client.get(f"/cifras/proyectos/{portfolio_data['coop'].code}/").content.decode()
    assert "corrección" in html and "-$3.000.000" in html
    assert client.get("/cifras/proyectos/NOPE/").status_code == 404


def test_empty_portfolio_page_still_answers(client, reference_data):
    html = client.get("/cifras/").content.decode()
    assert "Aún no hay proyectos registrados." in html


def test_cdpr_view_is_for_staff(client, make_user, portfolio_data):
    assert client.get("/cifras/cdpr/").status_code == 302
    client.force_login(make_user(email="postulante@example.cl"))
    assert client.get("/cifras/cdpr/").status_code == 403
    client.force_login(make_user(email="comite@example.cl", role="committee_member"))
    html = client.get("/cifras/cdpr/").content.decode()
    # sercotec-crece budget $100.000.000, awarded $11.000.000 → $89.000.000 available
    assert re.search(r"Crece 2024.*?\$100\.000\.000.*?\$11\.000\.000.*?\$89\.000\.000", html, re.S)


def test_the_map_draws_each_commune_coloured_by_amount_with_a_legend(client, portfolio_data):
    html = client.get("/cifras/").content.decode()
    svg = html[html.index('<svg class="chart map"') : html.index("</svg>", html.index('<svg class="chart map"'))]
    assert svg.count('class="commune"') == 33, "the 33 communes of O'Higgins, each a polygon"
    assert 'href="/territorio/comunas/06101/"' in svg, "each commune links to its page"
    assert "sin proyectos" in svg and "hasta $" in svg, "the legend says what each colour means"
    assert "Rancagua: adjudicado $" in svg
    fills = set(re.findall(r'fill="(#[0-9a-f]{6})" class="commune"', svg))
    assert "#ffffff" in fills and len(fills) >= 2, "communes without projects differ from those with"
