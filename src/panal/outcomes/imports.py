"""`import-firm-panel` and `import-call-results`: administrative panels and decisions of calls run before Panal.

Both follow the registry imports' conventions (docs/imports.md): the file is read by `core.spreadsheets` (CSV `;` or
`,`, UTF-8 or Latin-1, or XLSX; headers without accents, case or spaces), every row is validated first with one issue
per bad cell (row, column, value, reason in Spanish), and unlike the registry's, nothing is written unless EVERY row
is valid (all-or-nothing). Importing the same file again changes nothing. Registry records are created only through
the registry's services and historical calls only through the catalog's.
"""

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from panal.catalog import services as catalog_services
from panal.catalog.selectors import calls, get_call, get_instrument
from panal.core import audit
from panal.core.errors import DomainError
from panal.core.spreadsheets import TableError, read_table
from panal.registry import bulkdb
from panal.registry import cleaning as c
from panal.registry import services as registry_services
from panal.registry.imports.columns import HEADER_ALIASES
from panal.registry.imports.validation import Issue
from panal.registry.selectors import known_ruts
from panal.territory.selectors import get_region

from .models import DecisionSnapshot, Observation
from .services import bump_versions, write_snapshot

PANEL_COLUMNS = {  # column → (item, label, integer)
    "ventas_uf": ("ventas_uf", "las ventas (UF)", False),
    "compras_uf": ("compras_uf", "las compras (UF)", False),
    "trabajadores": ("trabajadores", "los trabajadores", False),
    "remuneraciones_clp": ("remuneraciones_clp", "las remuneraciones (CLP)", True),
}
RESULT_COLUMNS = ("rut", "razon_social", "puntaje", "resultado", "monto_clp")
RESULTS = {"adjudicado": (True, True), "no_adjudicado": (True, False), "no_admisible": (False, False)}
NATURAL_PERSON_BELOW = 50_000_000
MAX_ROWS = 1_000_000  # 100,000 firms × 6 years fit in one file
MAX_BYTES = 200 * 1024 * 1024
ALIASES = HEADER_ALIASES | {
    "monto": "monto_clp",
    "monto_adjudicado": "monto_clp",
    "score": "puntaje",
    "nombre": "razon_social",
}


@dataclass
class Report:
    what: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    issues: list[Issue] = field(default_factory=list)
    file_error: str = ""
    dry_run: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.issues and not self.file_error

    def summary(self) -> str:
        if self.file_error:
            return f"Archivo rechazado, no se importó nada: {self.file_error}"
        if self.issues:
            bad = len({i.row for i in self.issues})
            return f"{self.rows} filas de {self.what}: {bad} con errores. No se importó nada (todo o nada)."
        if self.dry_run:
            return f"{self.rows} filas de {self.what} válidas. Solo validación: no se escribió nada."
        return (
            f"{self.rows} filas de {self.what}: {self.created} nuevas, {self.updated} actualizadas, "
            f"{self.unchanged} sin cambios." + "".join(f" {n}" for n in self.notes)
        )


def _table(data: bytes, filename: str, required, report: Report):
    try:
        table = read_table(data, filename, max_rows=MAX_ROWS, max_bytes=MAX_BYTES)
        table.rows = list(table.rows)  # validated as a whole before anything is written (all or nothing)
    except TableError as exc:
        report.file_error = str(exc)
        return None
    renames = {h: ALIASES[h] for h in table.headers if h in ALIASES and ALIASES[h] not in table.headers}
    if renames:  # the registry's spellings (Año, Ventas, Remuneraciones ...) are accepted here too
        table.headers = [renames.get(h, h) for h in table.headers]
        table.rows = [(n, {renames.get(k, k): v for k, v in row.items()}) for n, row in table.rows]
    missing = [name for name in required if name not in table.headers]
    if missing:
        report.file_error = "faltan las columnas " + ", ".join(missing) + "."
        return None
    if len(table.rows) > MAX_ROWS:
        report.file_error = f"el archivo tiene más de {MAX_ROWS} filas; divídalo."
        return None
    report.rows = len(table.rows)
    return table


def _shown(value) -> str:
    return "" if value is None else str(value)[:100]


def _check(report: Report, number: int, column: str, value, func):
    try:
        return func()
    except DomainError as exc:
        report.issues.append(Issue(number, column, _shown(value), exc.message))
        return None


def _duplicates(report: Report, keys: dict, what: str) -> None:
    for key, numbers in keys.items():
        if len(numbers) > 1:
            for number in numbers:
                others = ", ".join(str(n) for n in numbers if n != number)
                report.issues.append(Issue(number, "rut", key[0], f"{what} se repite en las filas {others}."))


# --- firm panel ------------------------------------------------------------------------------------------------


def import_firm_panel(*, data: bytes, filename: str = "", source: str = "sii", dry_run: bool = False, actor=None):
    """Upsert (rut, anio, item, source) values; a RUT the registry does not know is an error row."""

    report = Report(what="panel de empresas", dry_run=dry_run)
    source = (source or "").strip().lower()
    if not source or len(source) > 40 or source in ("postulacion", "encuesta", "demo"):
        report.file_error = "la fuente (--source) debe ser un nombre de hasta 40 caracteres, p. ej. sii."
        return report
    table = _table(data, filename, ("rut", "anio"), report)
    if table is None:
        return report
    today = timezone.localdate()
    clean, seen = [], {}
    for number, row in table.rows:
        rut = _check(report, number, "rut", row.get("rut"), lambda row=row: c.clean_rut(row.get("rut")))
        year = _check(
            report, number, "anio", row.get("anio"), lambda row=row: c.clean_year(row.get("anio"), "anio", today=today)
        )
        values = {}
        for column, (item, label, integer) in PANEL_COLUMNS.items():
            raw = row.get(column)
            cleaner = c.clean_int if integer else c.clean_decimal
            value = _check(
                report, number, column, raw, lambda raw=raw, col=column, lab=label, f=cleaner: f(raw, col, lab)
            )
            if value is not None:
                values[item] = Decimal(value).quantize(Decimal("0.01"))
        if "__extra__" in row:
            report.issues.append(Issue(number, "", "", "La fila tiene más celdas que encabezados."))
        if rut and year:
            seen.setdefault((rut, year), []).append(number)
            clean.append((number, rut, year, values))
    _duplicates(report, seen, "El mismo RUT y año")
    known = known_ruts({rut for _, rut, _, _ in clean})
    for number, rut, _, _ in clean:
        if rut not in known:
            report.issues.append(Issue(number, "rut", rut, "El registro no conoce ese RUT; impórtelo primero."))
    report.issues.sort(key=lambda i: (i.row or 0, i.column))
    if not report.ok or dry_run:
        return report
    with transaction.atomic():
        years = sorted({year for _, _, year, _ in clean})
        existing = {}
        qs = Observation.objects.filter(
            source=source, year__in=years, item__in=[i for i, _, _ in PANEL_COLUMNS.values()]
        )
        for pk, rut, year, item, value in qs.values_list("pk", "rut", "year", "item", "value").iterator(
            chunk_size=5000
        ):
            existing[(rut, year, item)] = (pk, Decimal(str(value)).quantize(Decimal("0.01")))
        new, changed = [], []
        now = timezone.now()
        for _, rut, year, values in clean:
            for item, value in values.items():
                old = existing.get((rut, year, item))
                if old is None:
                    new.append(
                        {"rut": rut, "year": year, "item": item, "source": source, "value": value, "recorded_at": now}
                    )
                elif old[1] != value:
                    changed.append(Observation(pk=old[0], value=value, recorded_at=now))
                else:
                    report.unchanged += 1
        # The registry's bulk writer: one prepared statement (bulk_create costs ~40 s per 100,000 rows).
        bulkdb.insert_rows(Observation, new)
        bulkdb.update_rows(Observation, changed, ["value", "recorded_at"])
        report.created, report.updated = len(new), len(changed)
        audit.record(
            actor=actor,
            action="outcomes.firm_panel.imported",
            object_type="outcomes.import",
            object_id=hashlib.sha256(data).hexdigest()[:16],
            after={
                "filename": filename,
                "source": source,
                "rows": report.rows,
                "created": report.created,
                "updated": report.updated,
                "unchanged": report.unchanged,
            },
            reason="importación de archivo",
        )
        if new or changed:
            bump_versions(ruts=[rut for _, rut, _, _ in clean])
    return report


# --- call results ----------------------------------------------------------------------------------------------


def historical_call_code(instrument_code: str, region: str, year: int) -> str:
    return f"{instrument_code}-{region}-{year}-historica"[:80]


def _find_call(instrument_code: str, region: str, year: int):

    own = get_call(historical_call_code(instrument_code, region, year))
    if own is not None:
        return own
    same = [call for call in calls(instrument_code=instrument_code, region=region) if call.year == year]
    return same[0] if len(same) == 1 else None


def _split_name(name: str) -> tuple[str, str]:
    parts = name.split(" ")
    if len(parts) == 1:
        return name, "(sin apellido)"
    if len(parts) >= 4:
        return " ".join(parts[:2]), " ".join(parts[2:])
    return parts[0], " ".join(parts[1:])


def _validate_results(table, report: Report) -> list[dict]:
    clean, seen = [], {}
    for number, row in table.rows:
        rut = _check(report, number, "rut", row.get("rut"), lambda row=row: c.clean_rut(row.get("rut")))
        name = _check(
            report,
            number,
            "razon_social",
            row.get("razon_social"),
            lambda row=row: c.clean_optional_text(row.get("razon_social"), "razon_social", "la razón social", 200),
        )
        score = _check(
            report,
            number,
            "puntaje",
            row.get("puntaje"),
            lambda row=row: c.clean_decimal(row.get("puntaje"), "puntaje", "el puntaje", places=3),
        )
        if score is not None and score >= Decimal(100000):
            report.issues.append(
                Issue(number, "puntaje", _shown(row.get("puntaje")), "El puntaje es demasiado grande.")
            )
        result = str(row.get("resultado") or "").strip().lower().replace(" ", "_")
        if result not in RESULTS:
            report.issues.append(
                Issue(
                    number,
                    "resultado",
                    _shown(row.get("resultado")),
                    "Debe ser adjudicado, no_adjudicado o no_admisible.",
                )
            )
        amount = _check(
            report,
            number,
            "monto_clp",
            row.get("monto_clp"),
            lambda row=row: c.clean_int(row.get("monto_clp"), "monto_clp", "el monto"),
        )
        if result == "adjudicado" and not amount:
            report.issues.append(
                Issue(
                    number,
                    "monto_clp",
                    _shown(row.get("monto_clp")),
                    "Una postulación adjudicada necesita su monto en pesos.",
                )
            )
        if result in RESULTS and RESULTS[result][0] and score is None:
            report.issues.append(Issue(number, "puntaje", "", "Una postulación admisible necesita su puntaje."))
        if rut:
            seen.setdefault((rut,), []).append(number)
            admissible, funded = RESULTS.get(result, (False, False))
            clean.append(
                {
                    "row": number,
                    "rut": rut,
                    "name": name or "",
                    "score": score,
                    "admissible": admissible,
                    "funded": funded,
                    "amount_clp": amount if funded else None,
                }
            )
    _duplicates(report, seen, "El RUT")
    return clean


def import_call_results(
    *,
    data: bytes,
    filename: str = "",
    instrument: str,
    year: int,
    region: str = "06",
    cutoff=None,
    dry_run: bool = False,
    actor=None,
):
    """The closed historical call (created or reused), unknown registry records, and the decision snapshot."""

    report = Report(what="resultados de convocatoria", dry_run=dry_run)
    inst = get_instrument(instrument or "")
    if inst is None:
        report.file_error = f"el instrumento «{instrument}» no existe en el catálogo."
        return report
    region = str(region or "").zfill(2)
    if get_region(region) is None:
        report.file_error = f"la región «{region}» no existe."
        return report
    if not isinstance(year, int) or not 1990 <= year <= timezone.localdate().year:
        report.file_error = f"el año debe estar entre 1990 y {timezone.localdate().year}."
        return report
    if cutoff is not None:
        try:
            cutoff = c.clean_decimal(cutoff, "cutoff", "el puntaje de corte", places=3)
        except DomainError as exc:
            report.file_error = exc.message
            return report
    table = _table(data, filename, RESULT_COLUMNS, report)
    if table is None:
        return report
    clean = _validate_results(table, report)
    known = known_ruts({r["rut"] for r in clean})
    for r in clean:
        if r["rut"] not in known and not r["name"]:
            report.issues.append(
                Issue(r["row"], "razon_social", "", "El registro no conoce ese RUT: indique su nombre.")
            )
    report.issues.sort(key=lambda i: (i.row or 0, i.column))
    call = _find_call(inst.code, region, year)
    snapshot = DecisionSnapshot.objects.filter(call=call).first() if call else None
    if report.ok and snapshot is not None:
        stored = {e.rut: (e.score, e.admissible, e.funded, e.amount_clp) for e in snapshot.entries.all()}
        given = {r["rut"]: (r["score"], r["admissible"], r["funded"], r["amount_clp"]) for r in clean}
        if stored == given and (cutoff is None or snapshot.cutoff == cutoff):
            report.unchanged = len(clean)
            return report
        report.file_error = (
            f"las decisiones de la convocatoria «{call.code}» ya están registradas con otros datos y no se modifican."
        )
        return report
    if not report.ok or dry_run:
        return report
    with transaction.atomic():
        if call is None:
            call = catalog_services.create_call(
                code=historical_call_code(inst.code, region, year),
                instrument_code=inst.code,
                title=f"{inst.name} {year} (histórica, importada)",
                year=year,
                region_code=region,
                opens_at=datetime(year, 1, 1, 9, 0),
                closes_at=datetime(year, 1, 31, 15, 0),
                funding_source="otro",
                how_to_apply="Convocatoria anterior a Panal; sus resultados fueron importados.",
                actor=actor,
            )
            report.notes.append(f"Se creó la convocatoria histórica «{call.code}».")
        people = 0
        for r in clean:
            if r["rut"] in known:
                continue
            if int(r["rut"].split("-")[0]) < NATURAL_PERSON_BELOW:
                first, last = _split_name(r["name"])
                registry_services.create_person(rut=r["rut"], first_names=first, last_names=last, actor=actor)
            else:
                registry_services.create_enterprise(rut=r["rut"], legal_name=r["name"], actor=actor)
            people += 1
        if people:
            report.notes.append(f"Se crearon {people} fichas nuevas en el registro.")
        write_snapshot(call=call, rows=clean, cutoff=cutoff, origin="importacion", actor=actor)
        report.created = len(clean)
    return report
