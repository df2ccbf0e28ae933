"""`import-firm-panel` and `import-call-results`: validated, all-or-nothing, idempotent, in plain Spanish."""

import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from panal.outcomes.imports import import_call_results, import_firm_panel
from panal.outcomes.models import DecisionSnapshot, Observation

from .conftest import make_rut

pytestmark = pytest.mark.django_db

PERSON, FIRM, OTHER = make_rut(12_345_670), make_rut(76_543_210), make_rut(77_000_001)
RESULTS = (
    "rut;razon_social;puntaje;resultado;monto_clp\n"
    f"{PERSON};María José Soto Rojas;6,2;adjudicado;3.500.000\n"
    f"{FIRM};Panadería El Trigo SpA;5,1;no_adjudicado;\n"
    f"{OTHER};Taller Los Robles Ltda.;;no_admisible;\n"
)


def _results(text=RESULTS, **kwargs):
    args = {"instrument": "capital-semilla-emprende", "year": 2021} | kwargs
    return import_call_results(data=text.encode(), filename="resultados.csv", **args)


def test_call_results_create_the_historical_call_the_registry_records_and_the_snapshot(reference_data):
    from panal.registry.selectors import get_enterprise_by_rut, get_person_by_rut

    report = _results()
    assert report.ok and report.created == 3
    snapshot = DecisionSnapshot.objects.select_related("call").get(
        call__code="capital-semilla-emprende-06-2021-historica"
    )
    assert snapshot.call.year == 2021 and snapshot.call.status == "closed" and snapshot.origin == "importacion"
    assert snapshot.cutoff == Decimal("6.2")  # no --cutoff: the lowest awarded score
    entries = {e.rut: e for e in snapshot.entries.all()}
    assert entries[PERSON].rank == 1 and entries[PERSON].funded and entries[PERSON].amount_clp == 3_500_000
    assert entries[FIRM].rank == 2 and not entries[FIRM].funded
    assert entries[OTHER].rank is None and not entries[OTHER].admissible
    person = get_person_by_rut(PERSON)  # below 50.000.000: a natural person
    assert person.first_names == "María José" and person.last_names == "Soto Rojas"
    assert get_enterprise_by_rut(FIRM).legal_name == "Panadería El Trigo SpA"


def test_importing_the_same_call_results_again_changes_nothing_and_different_ones_are_refused(reference_data):
    assert _results().ok
    again = _results()
    assert again.ok and again.unchanged == 3 and again.created == 0
    changed = _results(RESULTS.replace("5,1;no_adjudicado", "5,9;no_adjudicado"))
    assert "ya están registradas" in changed.file_error
    assert DecisionSnapshot.objects.get().entries.get(rut=FIRM).score == Decimal("5.1")


def test_one_bad_row_in_call_results_writes_nothing_and_names_row_column_and_reason(reference_data):
    bad = RESULTS + f"{make_rut(77_000_002)};Otra;7;ganador;\n" + f"{make_rut(77_000_003)};Sin monto;6,5;adjudicado;\n"
    bad += "12.345.678-0;RUT malo;5;no_adjudicado;\n" + f"{PERSON};Repetida;5;no_adjudicado;\n"
    report = _results(bad, cutoff="6")
    assert not report.ok and "No se importó nada" in report.summary()
    found = {(i.row, i.column) for i in report.issues}
    assert {(5, "resultado"), (6, "monto_clp"), (7, "rut"), (2, "rut"), (8, "rut")} <= found
    assert not DecisionSnapshot.objects.exists()
    from panal.catalog.selectors import get_call

    assert get_call("capital-semilla-emprende-06-2021-historica") is None


def test_call_results_refuse_an_unknown_instrument_region_or_future_year(reference_data):
    assert "no existe" in _results(instrument="no-existe").file_error
    assert "región" in _results(region="99").file_error
    assert "año" in _results(year=2999).file_error


def test_the_firm_panel_is_validated_all_or_nothing_and_idempotent(reference_data):
    assert _results().ok
    panel = (
        "rut;anio;ventas_uf;compras_uf;trabajadores;remuneraciones_clp\n"
        f"{PERSON};2020;1.234,5;600;3;24000000\n"
        f"{FIRM};2020;800;;2;\n"
    )
    report = import_firm_panel(data=panel.encode(), filename="sii.csv", source="sii")
    assert report.ok and report.created == 6  # empty cells are unknown: nothing stored for them
    assert Observation.objects.get(rut=PERSON, item="ventas_uf").value == Decimal("1234.50")
    again = import_firm_panel(data=panel.encode(), filename="sii.csv", source="sii")
    assert again.ok and again.created == 0 and again.updated == 0 and again.unchanged == 6
    corrected = import_firm_panel(data=panel.replace(";800;", ";810;").encode(), filename="sii.csv", source="sii")
    assert corrected.updated == 1 and Observation.objects.get(rut=FIRM, item="ventas_uf").value == 810

    bad = panel + f"{make_rut(33_333_333)};2020;1;1;1;1\n{PERSON};2020;5;5;5;5\n{FIRM};dos mil;-4;x;1;1,5\n"
    report = import_firm_panel(data=bad.encode(), filename="sii.csv", source="sii")
    found = {(i.row, i.column) for i in report.issues}
    assert {(4, "rut"), (2, "rut"), (5, "rut"), (6, "anio"), (6, "ventas_uf"), (6, "compras_uf")} <= found
    assert any("no conoce ese RUT" in i.message for i in report.issues)
    assert Observation.objects.filter(source="sii").count() == 6  # nothing of the bad file was written


def test_a_firm_panel_file_that_cannot_be_read_is_refused_whole(reference_data):
    assert "vacío" in import_firm_panel(data=b"", filename="x.csv").file_error
    assert "codificación" in import_firm_panel(data=b"rut;anio\x00\x00", filename="x.csv").file_error
    assert "faltan las columnas" in import_firm_panel(data=b"rut;ventas_uf\n1-9;3\n", filename="x.csv").file_error
    assert "fuente" in import_firm_panel(data=b"rut;anio\n", filename="x.csv", source="encuesta").file_error


def test_the_firm_panel_reads_xlsx_and_the_commands_print_a_report(reference_data, tmp_path):
    from openpyxl import Workbook

    results_file = tmp_path / "resultados.csv"
    results_file.write_text(RESULTS, encoding="utf-8")
    out = io.StringIO()
    call_command("import_call_results", str(results_file), instrument="capital-semilla-emprende", year=2021, stdout=out)
    assert "3 filas de resultados de convocatoria: 3 nuevas" in out.getvalue()
    book = Workbook()
    book.active.append(["RUT", "Año", "Ventas UF", "Compras UF", "Trabajadores", "Remuneraciones CLP"])
    book.active.append([PERSON, 2021, 1500.25, 700, 4, 30_000_000])
    path = tmp_path / "panel.xlsx"
    book.save(path)
    out = io.StringIO()
    call_command("import_firm_panel", str(path), source="encuesta-ine", dry_run=True, stdout=out)
    assert "Solo validación" in out.getvalue() and not Observation.objects.exists()
    call_command("import_firm_panel", str(path), source="encuesta-ine", stdout=out)
    assert Observation.objects.get(item="ventas_uf").value == Decimal("1500.25")
    bad = tmp_path / "malo.csv"
    bad.write_text("rut;anio\n11.111.111-1;2021\n", encoding="utf-8")
    with pytest.raises(CommandError, match="No se importó nada"):
        call_command("import_firm_panel", str(bad), stdout=io.StringIO())


def test_an_imported_figure_wins_over_the_survey_and_the_survey_over_the_application(build_call):
    from panal.outcomes import panel, services

    call = build_call(40, 0.0)
    snapshot = call.decision_snapshot
    entry = snapshot.entries.order_by("id").first()
    for source, value in (("postulacion", 1), ("encuesta", 2)):
        services.record_observation(rut=entry.rut, year=2030, item="ventas_uf", value=value, source=source)
    services.record_observation(rut=entry.rut, year=2031, item="ventas_uf", value=1, source="postulacion")
    values = panel.items(snapshot, {"ventas_uf"})
    mine = values[values["rut"] == entry.pk].set_index("year")["value"]
    assert mine[2030] == 2 and mine[2031] == 1  # the survey beats the form; alone, the form counts
    assert mine[2020] == float(Observation.objects.get(rut=entry.rut, year=2020, item="ventas_uf").value)
    services.record_observation(rut=entry.rut, year=2030, item="ventas_uf", value=3, source="sii")
    values = panel.items(snapshot, {"ventas_uf"})
    assert values[(values["rut"] == entry.pk) & (values["year"] == 2030)]["value"].tolist() == [3]
