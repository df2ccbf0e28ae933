"""Imports: every bad input is reported with row and reason and nothing half-written; re-import is idempotent."""

import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from panal.core.models import AuditEntry
from panal.registry import services
from panal.registry.imports import run_import
from panal.registry.models import Cooperative, Enterprise, EnterpriseYear, Person

pytestmark = pytest.mark.usefixtures("reference_data")

PEOPLE_HEADER = "rut;nombres;apellidos;fecha_nacimiento;sexo;nacionalidad;comuna"
COOP_HEADER = "rut;razon_social;rol;clase;region;comuna;socios_hombres;socias_mujeres;fecha_constitucion;vigente"
ENTERPRISE_HEADER = "rut;razon_social;forma_juridica;fecha_inicio_actividades;actividad;comuna;anio;ventas_uf"


def csv_bytes(*lines, encoding="utf-8", sep=";"):
    return "\n".join(line.replace(";", sep) for line in lines).encode(encoding) + b"\n"


def issues_of(result):
    return [(i.row, i.column) for i in result.issues]


def test_people_import_creates_then_second_import_changes_nothing():
    data = csv_bytes(
        PEOPLE_HEADER,
        "12.345.678-5;Ana María;Soto Pérez;1988-03-14;F;CL;PICHILEMU",
        "11.111.111-1;Juan;Rojas;14-03-1970;M;extranjera;Marchigüe",
    )
    first = run_import(kind="people", data=data, filename="p.csv")
    assert (first.created, first.updated, first.invalid) == (2, 0, 0)
    ana = Person.objects.get(rut="12345678-5")
    assert ana.commune_id == "06201" and ana.sex == "F"
    assert Person.objects.get(rut="11111111-1").commune_id == "06204"
    stamp = ana.updated_at
    second = run_import(kind="people", data=data, filename="p.csv")
    assert (second.created, second.updated, second.unchanged) == (0, 0, 2)
    assert Person.objects.count() == 2
    ana.refresh_from_db()
    assert ana.updated_at == stamp


def test_reimport_with_a_changed_value_updates_by_rut_instead_of_duplicating():
    run_import(kind="people", data=csv_bytes(PEOPLE_HEADER, "12345678-5;Ana;Soto;1988-03-14;F;CL;Pichilemu"))
    result = run_import(kind="people", data=csv_bytes(PEOPLE_HEADER, "12.345.678-5;Ana;Soto;1988-03-14;F;CL;Rancagua"))
    assert (result.created, result.updated) == (0, 1)
    assert Person.objects.get().commune_id == "06101"


def test_empty_cells_do_not_erase_existing_data():
    run_import(kind="people", data=csv_bytes(PEOPLE_HEADER, "12345678-5;Ana;Soto;1988-03-14;F;CL;Pichilemu"))
    run_import(kind="people", data=csv_bytes(PEOPLE_HEADER, "12345678-5;Ana;Soto;;;;"))
    assert Person.objects.get().birth_date.year == 1988


@pytest.mark.parametrize(
    ("line", "column", "words"),
    [
        ("12.345.678-9;Ana;Soto;1988-03-14;F;CL;Pichilemu", "rut", "dígito verificador"),
        ("12.345.678-5;Ana;Soto;1988-03-14;F;CL;Atlántida", "comuna", "no existe"),
        ("12.345.678-5;Ana;Soto;2999-01-01;F;CL;Pichilemu", "fecha_nacimiento", "futuro"),
        ("12.345.678-5;Ana;Soto;14/14/1988;F;CL;Pichilemu", "fecha_nacimiento", "AAAA-MM-DD"),
        ("12.345.678-5;Ana;Soto;1988-03-14;Z;CL;Pichilemu", "sexo", "F, M, X"),
        ("12.345.678-5;;Soto;1988-03-14;F;CL;Pichilemu", "nombres", "Falta"),
    ],
)
def test_each_bad_person_cell_is_reported_with_row_and_column_and_not_written(line, column, words):
    data = csv_bytes(PEOPLE_HEADER, "11.111.111-1;Juan;Rojas;1970-01-01;M;CL;Rancagua", line)
    result = run_import(kind="people", data=data, filename="p.csv")
    bad = [i for i in result.issues if i.row == 3]
    assert [i.column for i in bad] == [column]
    assert words in bad[0].message
    assert list(Person.objects.values_list("rut", flat=True)) == ["11111111-1"]  # only the valid row


def test_negative_sales_and_future_activity_start_are_refused():
    data = csv_bytes(
        ENTERPRISE_HEADER,
        "76.123.456-0;Panadería SpA;SpA;2019-04-01;107100;Rancagua;2023;-5",
        "77.777.777-7;Futura Ltda.;Ltda.;2999-04-01;;Rancagua;;",
    )
    result = run_import(kind="enterprises", data=data, filename="e.csv")
    assert issues_of(result) == [(2, "ventas_uf"), (3, "fecha_inicio_actividades")]
    assert "negativ" in result.issues[0].message
    assert not Enterprise.objects.exists() and not EnterpriseYear.objects.exists()


def test_duplicate_ruts_in_one_file_are_reported_once_with_their_rows_and_none_is_written():
    data = csv_bytes(
        PEOPLE_HEADER,
        "12.345.678-5;Ana;Soto;1988-03-14;F;CL;Pichilemu",
        "11.111.111-1;Juan;Rojas;1970-01-01;M;CL;Rancagua",
        "12345678-5;Ana;Otra;1988-03-14;F;CL;Lolol",
    )
    result = run_import(kind="people", data=data, filename="p.csv")
    assert issues_of(result) == [(2, "rut")]
    assert "2 filas (2, 4)" in result.issues[0].message
    assert result.invalid == 2
    assert list(Person.objects.values_list("rut", flat=True)) == ["11111111-1"]


def test_cooperative_with_zero_members_is_refused():
    data = csv_bytes(COOP_HEADER, "77.777.777-7;Cooperativa Sin Socios;99;campesina;06;Lolol;0;0;2015-03-01;sí")
    result = run_import(kind="cooperatives", data=data, filename="c.csv")
    assert issues_of(result) == [(2, "socias_mujeres")]
    assert not Enterprise.objects.exists() and not Cooperative.objects.exists()


def test_cooperatives_import_latin1_commas_upper_case_commune_and_idempotent():
    lines = (
        COOP_HEADER,
        "77.777.777-7;Cooperativa Campesina Lolol;1234;Campesina;06;LOLOL;10;14;01-03-2015;Sí",
        "76.123.456-0;Cooperativa Pesquera Bucalemu;1235;pesquera;6;Paredones;20;5;2010-05-20;no",
    )
    data = csv_bytes(*lines, encoding="latin-1", sep=",")
    result = run_import(kind="cooperatives", data=data, filename="c.csv")
    assert result.encoding == "latin-1" and result.created == 2 and not result.issues
    lolol = Cooperative.objects.get(enterprise__rut="77777777-7")
    assert (lolol.members, lolol.in_good_standing, lolol.enterprise.commune_id) == (24, True, "06304")
    assert lolol.enterprise.legal_form == "cooperativa"
    again = run_import(kind="cooperatives", data=data, filename="c.csv")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


def test_commune_outside_the_stated_region_is_reported():
    data = csv_bytes(COOP_HEADER, "77.777.777-7;Cooperativa;1;campesina;13;Lolol;1;1;;sí")
    result = run_import(kind="cooperatives", data=data, filename="c.csv")
    assert issues_of(result) == [(2, "comuna")]


def test_utf8_with_bom_and_comma_separator_is_read():
    data = b"\xef\xbb\xbf" + csv_bytes(PEOPLE_HEADER, "12.345.678-5;Ana;Núñez;1988-03-14;F;CL;Doñihue", sep=",")
    result = run_import(kind="people", data=data, filename="p.csv")
    assert result.encoding == "utf-8-sig" and result.created == 1
    assert Person.objects.get().last_names == "Núñez"


def test_unknown_encoding_is_a_clear_error_and_nothing_is_written():
    data = csv_bytes(PEOPLE_HEADER, "12.345.678-5;Ana;Soto;1988-03-14;F;CL;Pichilemu", encoding="utf-16")
    result = run_import(kind="people", data=data, filename="p.csv")
    assert "codificación" in result.file_error
    assert not Person.objects.exists()


def xlsx(rows):
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_xlsx_with_a_missing_column_is_refused_as_a_whole():
    data = xlsx([["rut", "razon_social", "clase", "comuna"], ["77.777.777-7", "Coop", "campesina", "Lolol"]])
    result = run_import(kind="cooperatives", data=data, filename="c.xlsx")
    assert "Faltan columnas obligatorias" in result.file_error and "rol" in result.file_error
    assert not Enterprise.objects.exists()


def test_xlsx_enterprises_with_dates_and_numbers_import_and_derive_size():
    data = xlsx(
        [
            ["RUT", "Razón social", "Fecha inicio actividades", "Actividad", "Comuna", "Año", "Ventas UF"],
            ["76.123.456-0", "Panadería Soto SpA", "2019-04-01", 107100, "Santa Cruz", 2023, 25000.5],
        ]
    )
    result = run_import(kind="enterprises", data=data, filename="e.xlsx")
    assert result.created == 1, result.issues
    firm = Enterprise.objects.get()
    assert firm.annual_sales_uf == Decimal("25000.50") and firm.size == "mediana" and firm.sii_tramo == 8
    assert firm.has_activity_start is True and firm.activity_id == "107100"


def test_dry_run_reports_but_writes_nothing():
    data = csv_bytes(PEOPLE_HEADER, "12.345.678-5;Ana;Soto;1988-03-14;F;CL;Pichilemu")
    result = run_import(kind="people", data=data, filename="p.csv", dry_run=True)
    assert result.valid == 1 and "no se escribió nada" in result.summary()
    assert not Person.objects.exists()


def test_a_failure_while_writing_rolls_back_every_row(monkeypatch):
    from panal.registry.imports import writes as import_writes

    def explode(*args, **kwargs):
        raise RuntimeError("disco lleno")

    data = csv_bytes(
        ENTERPRISE_HEADER,
        "76.123.456-0;Panadería SpA;SpA;2019-04-01;107100;Rancagua;2023;500",
        "77.777.777-7;Otra SpA;SpA;2019-04-01;107100;Rancagua;2023;800",
    )
    monkeypatch.setattr(import_writes, "_write_years", explode)
    with pytest.raises(RuntimeError):
        run_import(kind="enterprises", data=data, filename="e.csv")
    assert not Enterprise.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="registry.").exists()


def test_enterprise_reimport_with_new_year_updates_history_and_size():
    first = csv_bytes(ENTERPRISE_HEADER, "76.123.456-0;Panadería SpA;SpA;2019-04-01;107100;Rancagua;2022;2000")
    second = csv_bytes(ENTERPRISE_HEADER, "76.123.456-0;Panadería SpA;SpA;2019-04-01;107100;Rancagua;2023;3000")
    run_import(kind="enterprises", data=first, filename="2022.csv")
    assert Enterprise.objects.get().size == "micro"
    result = run_import(kind="enterprises", data=second, filename="2023.csv")
    assert (result.created, result.updated) == (0, 1)
    firm = Enterprise.objects.get()
    assert (firm.sales_year, firm.size) == (2023, "pequena")
    assert list(firm.years.order_by("year").values_list("year", flat=True)) == [2022, 2023]


def test_representative_must_exist_and_links_the_legal_representative():
    person = services.create_person(rut="12.345.678-5", first_names="Ana", last_names="Soto", sex="F")
    data = csv_bytes(
        "rut;razon_social;rut_representante",
        "76.123.456-0;Panadería SpA;12.345.678-5",
        "77.777.777-7;Otra SpA;11.111.111-1",
    )
    result = run_import(kind="enterprises", data=data, filename="e.csv")
    assert issues_of(result) == [(3, "rut_representante")]
    assert Enterprise.objects.get().legal_representative == person


def test_command_prints_report_and_fails_on_unreadable_file(tmp_path):
    good = tmp_path / "p.csv"
    good.write_bytes(csv_bytes(PEOPLE_HEADER, "12.345.678-5;Ana;Soto;1988-03-14;F;CL;Atlántida"))
    out = io.StringIO()
    call_command("import_people", str(good), "--dry-run", f"--report={tmp_path / 'r.csv'}", stdout=out)
    assert "fila 2, columna comuna «Atlántida»" in out.getvalue()
    report = (tmp_path / "r.csv").read_text(encoding="utf-8")
    assert "Atlántida" in report and report.splitlines()[0] == "fila;columna;valor (dato personal);motivo"
    bad = tmp_path / "x.csv"
    bad.write_bytes("rut\n1".encode("utf-16"))
    with pytest.raises(CommandError, match="codificación"):
        call_command("import_people", str(bad), stdout=io.StringIO())


def test_an_enterprise_imported_again_as_cooperative_keeps_its_history_and_becomes_one():
    run_import(kind="enterprises", data=csv_bytes(ENTERPRISE_HEADER, "77.777.777-7;Coop Lolol;Ltda.;;;Lolol;2023;900"))
    result = run_import(
        kind="cooperatives", data=csv_bytes(COOP_HEADER, "77.777.777-7;Coop Lolol;77;campesina;06;Lolol;4;6;;sí")
    )
    assert (result.created, result.updated) == (0, 1)
    firm = Enterprise.objects.get()
    assert (firm.legal_form, firm.cooperative.members, firm.size) == ("cooperativa", 10, "micro")
