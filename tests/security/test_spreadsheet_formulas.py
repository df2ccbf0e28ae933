"""Issue 10, hole 8: a text that looks like a formula (`=cmd|' /C calc'!A0`) must never become a formula in any
CSV or XLSX Panal writes. It stays text: XLSX stores it as a text cell, CSV puts a `'` in front."""

import csv
import io

import pytest
from openpyxl import load_workbook

from panal.core import spreadsheets

ATTACK = "=cmd|' /C calc'!A0"
STARTS = ["=1+1", "+1+1", "-1+1", "@SUM(A1)", "\t=1+1", "\r=1+1"]


@pytest.fixture
def hostile_project(builders):
    call = builders.call()
    firm = builders.enterprise(name=ATTACK)
    return builders.project(call, amount=2_000_000, enterprise=firm, title=ATTACK)


def _xlsx_cells(content: bytes):
    sheet = load_workbook(io.BytesIO(content)).active
    return [cell for row in sheet.iter_rows() for cell in row]


def _assert_xlsx_is_inert(content: bytes):
    cells = _xlsx_cells(content)
    assert [c for c in cells if c.data_type == "f"] == [], "a text cell became a formula"
    assert any(c.value == ATTACK and c.data_type == "s" for c in cells), "the title is kept as text"


def _csv_cells(content: bytes):
    text = content.decode("utf-8-sig")
    return [cell for row in csv.reader(io.StringIO(text), delimiter=";") for cell in row]


@pytest.mark.parametrize("url", ["/api/v1/opendata/grants.xlsx", "/cifras/proyectos.xlsx"])
def test_public_xlsx_never_turns_a_title_into_a_formula(client, hostile_project, url):
    response = client.get(url)
    assert response.status_code == 200
    _assert_xlsx_is_inert(response.content)


@pytest.mark.parametrize("url", ["/api/v1/opendata/grants.csv", "/cifras/proyectos.csv"])
def test_public_csv_quotes_a_title_that_looks_like_a_formula(client, hostile_project, url):
    response = client.get(url)
    assert response.status_code == 200
    cells = _csv_cells(response.content)
    assert {c for c in cells if "cmd" in c} == {"'" + ATTACK}
    assert not [c for c in cells if c.startswith(spreadsheets.FORMULA_STARTS) and not _number(c)]


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


@pytest.mark.parametrize("value", STARTS)
def test_the_one_writer_neutralises_every_formula_start(value):
    cells = _xlsx_cells(spreadsheets.xlsx_bytes(["Título"], [[value, 42]]))
    assert not [c for c in cells if c.data_type == "f"]
    assert [c.value for c in cells if c.data_type == "n" and c.value is not None] == [42], "numbers stay numbers"
    assert not [c for c in _csv_cells(spreadsheets.csv_bytes(["Título"], [[value]])) if c.startswith(value[0])]


def test_no_module_writes_spreadsheets_around_the_one_writer():
    """Every CSV/XLSX writer goes through panal.core.spreadsheets (a new `csv.writer` elsewhere would bypass it)."""
    from pathlib import Path

    import panal

    root = Path(panal.__file__).parent
    offenders = []
    for path in root.rglob("*.py"):
        if path.name == "spreadsheets.py" or "migrations" in path.parts:
            continue
        text = path.read_text()
        if any(s in text for s in ("csv.writer(", "csv.DictWriter(", "Workbook(", "defusedcsv")):
            offenders.append(str(path.relative_to(root)))
    assert offenders == []
