"""`panal import-awards`: validate every row first, report row/column/value/reason, all-or-nothing, idempotent."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from panal.core.rut import format_rut
from panal.portfolio.models import LedgerEntry, Project

HEADER = (
    "codigo;convocatoria;rut_beneficiario;monto_adjudicado;aporte_propio;fecha_adjudicacion;objetivo;"
    "monto_desembolsado;fecha_desembolso\n"
)


@pytest.fixture
def setup(builders):
    call = builders.call()
    return {"call": call, "person": builders.person(), "coop": builders.cooperative()}


def _csv(tmp_path, body: str, name="adjudicaciones.csv"):
    path = tmp_path / name
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def _run(path, *args):
    out = StringIO()
    call_command("import_awards", str(path), *args, stdout=out)
    return out.getvalue()


def test_valid_file_imports_projects_and_disbursements(tmp_path, setup):
    person, coop = setup["person"], setup["coop"]
    path = _csv(
        tmp_path,
        f"H-1;sercotec-crece;{format_rut(person.rut)};$4.500.000;450.000;2023-06-15;ventas;4.500.000;2023-07-01\n"
        f"H-2;sercotec-crece;{coop.rut};5000000;0;15-07-2023;;;\n",
    )
    out = _run(path)
    assert "2 adjudicaciones importadas" in out
    h1 = Project.objects.get(source_key="import:H-1")
    assert (h1.awarded_clp, h1.own_contribution_clp, h1.objective, h1.year, h1.executed_clp) == (
        4_500_000,
        450_000,
        "ventas",
        2023,
        4_500_000,
    )
    assert Project.objects.get(source_key="import:H-2").beneficiary_type == "cooperativa"


def test_reimport_adds_nothing(tmp_path, setup):
    path = _csv(tmp_path, f"H-1;sercotec-crece;{setup['person'].rut};1000000;;2023-06-15;;;\n")
    _run(path)
    out = _run(path)
    assert "0 adjudicaciones importadas, 1 ya estaban importadas" in out
    assert Project.objects.filter(source_key="import:H-1").count() == 1


def test_dry_run_writes_nothing(tmp_path, setup):
    path = _csv(tmp_path, f"H-1;sercotec-crece;{setup['person'].rut};1000000;;2023-06-15;;;\n")
    out = _run(path, "--dry-run")
    assert "1 adjudicaciones se importarían" in out
    assert not Project.objects.exists()


def test_bad_rows_are_all_reported_and_nothing_is_written(tmp_path, setup):
    rut = setup["person"].rut
    path = _csv(
        tmp_path,
        f"OK-1;sercotec-crece;{rut};1000000;;2023-06-15;;;\n"
        f"B-1;no-existe;{rut};1000000;;2023-06-15;;;\n"
        "B-2;sercotec-crece;5.126.663-3;1000000;;2023-06-15;;;\n"
        "B-3;sercotec-crece;12.345.678-9;1000000;;2023-06-15;;;\n"
        f"B-4;sercotec-crece;{rut};-500000;;2023-06-15;;;\n"
        f"B-5;sercotec-crece;{rut};1500000,50;;2023-06-15;;;\n"
        f"B-6;sercotec-crece;{rut};1000000;;31-02-2023;;;\n"
        f"B-7;sercotec-crece;{rut};1000000;;2023-06-15;color;;\n"
        f"B-8;sercotec-crece;{rut};1000000;;2023-06-15;;2000000;2023-07-01\n"
        f"OK-1;sercotec-crece;{rut};1000000;;2023-06-15;;;\n",
    )
    with pytest.raises(CommandError, match="no se importó nada"):
        _run(path)
    assert not Project.objects.exists() and not LedgerEntry.objects.exists()
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("import_awards", str(path), stdout=out)
    report = out.getvalue()
    assert "fila 3, columna convocatoria «no-existe»: no existe esa convocatoria en Panal" in report
    assert "fila 4, columna rut_beneficiario «5.126.663-3»: no hay una persona ni una empresa registrada" in report
    assert "fila 5, columna rut_beneficiario «12.345.678-9»" in report
    assert "fila 6, columna monto_adjudicado «-500000»: debe ser mayor que cero" in report
    assert "fila 7, columna monto_adjudicado «1500000,50»: debe ser un número entero de pesos, sin decimales" in report
    assert "fila 8, columna fecha_adjudicacion «31-02-2023»: no es una fecha" in report
    assert "fila 9, columna objetivo «color»" in report
    assert "fila 10, columna monto_desembolsado «2000000»: supera el monto adjudicado" in report
    assert "fila 11, columna codigo «OK-1»: se repite (ya aparece en la fila 2)" in report


def test_rows_above_the_call_budget_are_refused(tmp_path, builders):
    call = builders.call(code="capital-semilla-emprende", budget=5_000_000)
    a, b = builders.person(), builders.person()
    path = _csv(
        tmp_path,
        f"S-1;{call.code};{a.rut};3000000;;2023-06-15;;;\nS-2;{call.code};{b.rut};3000000;;2023-06-15;;;\n",
    )
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("import_awards", str(path), stdout=out)
    assert "fila 3, columna monto_adjudicado «3000000»: supera el presupuesto que queda" in out.getvalue()
    assert not Project.objects.exists()


def test_xlsx_file(tmp_path, setup):
    wb = Workbook()
    ws = wb.active
    ws.append(["codigo", "convocatoria", "rut_beneficiario", "monto_adjudicado", "fecha_adjudicacion"])
    ws.append(["X-1", "sercotec-crece", setup["person"].rut, 2500000.0, "2022-05-01"])
    path = tmp_path / "historico.xlsx"
    wb.save(path)
    assert "1 adjudicaciones importadas" in _run(path)
    assert Project.objects.get(source_key="import:X-1").awarded_clp == 2_500_000


def test_missing_column_is_reported(tmp_path, setup):
    path = tmp_path / "sin-monto.csv"
    path.write_text("codigo;convocatoria;rut_beneficiario;fecha_adjudicacion\nA;sercotec-crece;1-9;2023-01-01\n")
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("import_awards", str(path), stdout=out)
    assert "fila 1, columna monto_adjudicado: falta la columna" in out.getvalue()
