"""Hole 3: imports used memory quadratic in duplicate rows (10,000 rows sharing one RUT: 668 MB; a 1.3 MB XLSX grew
a worker to 23 GB). A duplicate is reported once with a few row numbers and a count; rows and bytes are capped with
a clear message; `make bench-import` prints peak_rss_mb for 100,000 rows sharing one RUT."""

import io
import zipfile

import pytest
from openpyxl import Workbook

from panal.core import spreadsheets as tabular
from panal.registry.imports import run_import
from panal.registry.models import Person

pytestmark = pytest.mark.django_db

HEADER = "rut;nombres;apellidos;fecha_nacimiento;sexo;nacionalidad;comuna"


def test_thousands_of_rows_sharing_one_rut_give_one_short_problem(reference_data):
    rows = [HEADER] + ["12.345.678-5;Ana;Soto;1988-03-14;F;CL;Pichilemu"] * 5_000
    result = run_import(kind="people", data="\n".join(rows).encode(), filename="p.csv")
    duplicate = [i for i in result.issues if i.column == "rut"]
    assert len(duplicate) == 1
    assert "5.000 filas (2, 3, 4, 5, 6 y 4.995 más)" in duplicate[0].message
    assert len(duplicate[0].message) < 200
    assert result.invalid == 5_000 and result.valid == 0
    assert not Person.objects.exists()


def test_too_many_rows_are_refused_as_a_whole_with_a_clear_message(reference_data, monkeypatch):
    monkeypatch.setattr(tabular, "MAX_ROWS", 50)
    rows = [HEADER] + [f"{10_000_000 + n}-{n % 10};Ana;Soto;1988-03-14;F;CL;Pichilemu" for n in range(51)]
    result = run_import(kind="people", data="\n".join(rows).encode(), filename="p.csv")
    assert "más de 50 filas" in result.file_error
    assert not Person.objects.exists()


def test_a_file_over_the_byte_limit_is_refused(reference_data, monkeypatch):
    monkeypatch.setattr(tabular, "MAX_BYTES", 1_000)
    result = run_import(kind="people", data=(HEADER + "\n" + "x;" * 1_000).encode(), filename="p.csv")
    assert "pesa más de" in result.file_error


def _xlsx(build) -> bytes:
    workbook = Workbook()
    build(workbook.active)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_an_xlsx_formatted_down_to_the_last_row_is_read_without_walking_a_million_rows(reference_data):
    def build(sheet):
        sheet.append(HEADER.split(";"))
        sheet.append(["12.345.678-5", "Ana", "Soto", "1988-03-14", "F", "CL", "Pichilemu"])
        sheet.cell(row=1_048_576, column=16_384, value=" ")  # a stray cell at XFD1048576

    result = run_import(kind="people", data=_xlsx(build), filename="p.xlsx", dry_run=True)
    assert result.file_error == "" and result.rows == 1 and result.valid == 1


def test_an_xlsx_that_inflates_to_gigabytes_is_refused_before_parsing(reference_data, monkeypatch):
    monkeypatch.setattr(tabular, "MAX_XLSX_INFLATED", 10_000)
    data = _xlsx(lambda sheet: [sheet.append(["x" * 50] * 7) for _ in range(200)])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert sum(i.file_size for i in archive.infolist()) > 10_000
    result = run_import(kind="people", data=data, filename="p.xlsx", dry_run=True)
    assert "descomprimido pesa más de" in result.file_error
