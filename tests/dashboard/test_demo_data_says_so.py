"""Demo figures say they are demo figures, and the breakdown by sex counts natural persons only (issue 16, item 9)."""

import io

import pytest
from openpyxl import load_workbook

from panal.portfolio import selectors


@pytest.fixture
def mixed(builders):
    call = builders.call()
    builders.project(call, amount=4_000_000, person=builders.person(commune="06101", sex="F"), is_sample=True)
    builders.project(call, amount=2_000_000, person=builders.person(commune="06301", sex="M"), is_sample=True)
    builders.project(call, amount=5_000_000, enterprise=builders.cooperative(commune="06201"))
    return call


def test_the_breakdown_by_sex_counts_natural_persons_only(mixed):
    rows = {r["key"]: r for r in selectors.execution_stats("sex")}
    assert set(rows) == {"F", "M"}
    assert sum(r["projects"] for r in rows.values()) == 2


def test_project_downloads_mark_each_demo_row_in_a_column(client, mixed):
    lines = client.get("/cifras/proyectos.csv").content.decode("utf-8-sig").splitlines()
    assert lines[0].endswith(";Dato de ejemplo")
    assert sorted(line.rsplit(";", 1)[1] for line in lines[1:]) == ["No", "Sí (demostración)", "Sí (demostración)"]
    book = load_workbook(io.BytesIO(client.get("/cifras/proyectos.xlsx").content))
    sheet = book.active
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    assert header[-1] == "Dato de ejemplo"


def test_figure_downloads_say_they_include_demo_projects(client, mixed):
    lines = client.get("/cifras/cifra/sex.csv").content.decode("utf-8-sig").splitlines()
    assert lines[0].endswith(";Datos de ejemplo")
    assert all(line.endswith(";Sí, incluye proyectos de ejemplo (demostración)") for line in lines[1:])


def test_the_cdpr_page_says_datos_de_ejemplo(client, make_user, mixed):
    client.force_login(make_user(email="cdpr@example.cl", role="committee_member"))
    html = client.get("/cifras/cdpr/").content.decode()
    assert "Datos de ejemplo." in html
