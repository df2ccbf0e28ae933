"""Ley 21.719 (minimisation): every CSV/XLSX written through core.spreadsheets marks the columns that hold personal
data. A CSV stays a plain, machine-readable table (one header row, ` (dato personal)` after the name); an XLSX keeps
its header names, with an orange fill and a note on each personal header and a «Datos personales» sheet."""

import csv
import io

import pytest
from openpyxl import load_workbook

from panal.core import spreadsheets

HEADERS = ["Folio", "Nombre", "RUT", "Comuna", "Monto"]
ROWS = [["F-1", "Ana Soto", "12.345.678-5", "Rancagua", 3_500_000], ["F-2", "=1+1", "", "Lolol", 0]]


def test_a_csv_names_its_personal_columns_in_the_header_and_reads_back_as_a_plain_table():
    body = spreadsheets.csv_bytes(HEADERS, ROWS, delimiter=",", personal={"Nombre", "RUT"})
    reader = csv.DictReader(io.StringIO(body.decode("utf-8-sig")))
    assert reader.fieldnames == ["Folio", "Nombre (dato personal)", "RUT (dato personal)", "Comuna", "Monto"]
    rows = list(reader)
    assert rows[0]["RUT (dato personal)"] == "12.345.678-5" and rows[1]["Nombre (dato personal)"] == "'=1+1"
    # The importer's normalisation still reads the marked name as a column of its own.
    table = spreadsheets.read_table(body, "x.csv")
    assert table.headers[1] == "nombre_(dato_personal)" and len(list(table.rows)) == 2


def test_an_xlsx_marks_personal_headers_with_a_note_and_lists_them_on_a_sheet_of_their_own():
    content = spreadsheets.xlsx_bytes(HEADERS, ROWS, sheet="Postulaciones", title="Resultados", personal={"RUT"})
    workbook = load_workbook(io.BytesIO(content))
    assert workbook.sheetnames == ["Postulaciones", "Datos personales"]
    sheet = workbook["Postulaciones"]
    header = {cell.value: cell for cell in sheet[2]}
    assert list(header) == HEADERS  # names unchanged: formulas and pivot tables that use them keep working
    assert header["RUT"].comment.text.startswith("Dato personal")
    assert header["RUT"].fill.fgColor.rgb == "FFF4C7A1"
    assert header["Nombre"].comment is None and header["Nombre"].fill.fill_type is None
    legend = [r[0] for r in workbook["Datos personales"].iter_rows(values_only=True)]
    assert "Ley 21.719" in legend[0] and legend[2:] == ["Columna con datos personales", "RUT"]
    assert [c.value for c in sheet[4]][1] == "=1+1" and sheet.cell(row=4, column=2).data_type == "s"


def test_an_export_without_personal_columns_is_unchanged():
    body = spreadsheets.csv_bytes(HEADERS, ROWS)
    assert body.decode("utf-8-sig").splitlines()[0] == "Folio;Nombre;RUT;Comuna;Monto"
    assert load_workbook(io.BytesIO(spreadsheets.xlsx_bytes(HEADERS, ROWS))).sheetnames == ["Datos"]


def test_marking_a_column_that_is_not_in_the_header_is_refused_so_a_renamed_column_keeps_its_mark():
    with pytest.raises(ValueError, match="Correo"):
        spreadsheets.csv_bytes(HEADERS, ROWS, personal={"Correo"})
    with pytest.raises(ValueError, match="Correo"):
        spreadsheets.xlsx_bytes(HEADERS, ROWS, personal={"Correo"})
