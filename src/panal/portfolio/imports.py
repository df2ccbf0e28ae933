"""Historical awards from a CSV or XLSX file: every row is validated first; the report names the row, column, value
and reason in Spanish; nothing is written unless every row is valid (all-or-nothing); importing the same file again
adds nothing (each row's `codigo` is its idempotency key)."""

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.db import transaction

from panal.catalog.models import OBJECTIVES
from panal.catalog.selectors import calls
from panal.core.dates import parse_date
from panal.core.errors import DomainError
from panal.core.money import format_clp
from panal.core.rut import InvalidRut, normalize_rut
from panal.core.spreadsheets import read_table
from panal.registry.selectors import get_enterprise_by_rut, get_person_by_rut

from . import services
from .funding import clean_clp
from .models import CallBudget, Project

COLUMNS = {
    "codigo": "identificador de la adjudicación en el sistema de origen (obligatorio, único)",
    "convocatoria": "código de la convocatoria en Panal (obligatorio)",
    "rut_beneficiario": "RUT de la persona, empresa o cooperativa registrada (obligatorio)",
    "monto_adjudicado": "pesos, entero (obligatorio)",
    "fecha_adjudicacion": "AAAA-MM-DD o DD-MM-AAAA (obligatorio)",
    "aporte_propio": "pesos, entero (opcional)",
    "nombre_proyecto": "texto (opcional)",
    "objetivo": f"uno de {', '.join(OBJECTIVES)} (opcional)",
    "fecha_inicio": "fecha (opcional)",
    "fecha_termino": "fecha (opcional)",
    "monto_desembolsado": "pesos ya pagados, entero (opcional; requiere fecha_desembolso)",
    "fecha_desembolso": "fecha (opcional)",
}
REQUIRED = ["codigo", "convocatoria", "rut_beneficiario", "monto_adjudicado", "fecha_adjudicacion"]


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    already: int = 0
    errors: list[dict] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        if self.errors:
            return f"{len(self.errors)} errores en {self.rows} filas; no se importó nada."
        verb = "se importarían" if self.dry_run else "importadas"
        return f"{self.rows} filas: {self.created} adjudicaciones {verb}, {self.already} ya estaban importadas."


def read_rows(path: Path) -> list[tuple[int, dict]]:
    """(row number as the user sees it, row) pairs; numbers in XLSX cells come back as they are (int/float/date)."""
    return list(read_table(Path(path).read_bytes(), Path(path).name).rows)


def _date(value) -> date:
    try:
        return parse_date(value)
    except ValueError:
        raise DomainError("no es una fecha; use AAAA-MM-DD o DD-MM-AAAA.") from None


def _amount(value, *, allow_zero=False) -> int:
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # spreadsheets store every number as a float
    try:
        return clean_clp(value, "", allow_zero=allow_zero, label="El monto")
    except DomainError as exc:
        raise DomainError(exc.message.replace("El monto ", "").capitalize()) from exc


def validate(rows: list[tuple[int, dict]]) -> tuple[list[dict], list[dict], int]:
    """Check every row; return (clean rows to create, errors, rows already imported)."""

    errors, clean, already = [], [], 0
    call_index = {c.code: c for c in calls()}
    # What each call may still award (None: no budget known, no cap): registered lines, else the declared budget.
    budgets = {c.pk: c.budget_clp for c in call_index.values()}
    budgets |= {
        b.call_id: None if b.budget_clp is None else b.budget_clp - b.awarded_clp for b in CallBudget.objects.all()
    }
    imported = set(Project.objects.filter(source_key__startswith="import:").values_list("source_key", flat=True))
    seen = {}
    if rows:
        missing = [c for c in REQUIRED if c not in rows[0][1]]
        if missing:
            return [], [{"row": 1, "column": c, "value": "", "reason": "falta la columna"} for c in missing], 0
    for n, row in rows:
        problems = []

        def bad(column, reason, row=row, problems=problems, n=n):
            problems.append({"row": n, "column": column, "value": str(row.get(column) or ""), "reason": reason})

        for column in REQUIRED:
            if row.get(column) in (None, ""):
                bad(column, "es obligatorio")
        code = str(row.get("codigo") or "").strip()
        if code in seen:
            bad("codigo", f"se repite (ya aparece en la fila {seen[code]})")
        seen.setdefault(code, n)
        if code and f"import:{code}" in imported:
            already += 1
            continue
        item = {"source_key": f"import:{code}", "row": n}
        call = call_index.get(str(row.get("convocatoria") or "").strip())
        if row.get("convocatoria") and call is None:
            bad("convocatoria", "no existe esa convocatoria en Panal")
        item["call"] = call
        rut = row.get("rut_beneficiario")
        if rut:
            try:
                canonical = normalize_rut(str(rut))
            except InvalidRut as exc:
                bad("rut_beneficiario", str(exc))
            else:
                enterprise = get_enterprise_by_rut(canonical)
                person = None if enterprise else get_person_by_rut(canonical)
                if enterprise is None and person is None:
                    bad("rut_beneficiario", "no hay una persona ni una empresa registrada con ese RUT")
                elif (enterprise or person).commune_id is None:
                    bad("rut_beneficiario", "el beneficiario no tiene comuna registrada")
                item.update(enterprise=enterprise, person=person)
        for column, key, allow_zero in (
            ("monto_adjudicado", "amount_clp", False),
            ("aporte_propio", "own_contribution_clp", True),
            ("monto_desembolsado", "disbursed_clp", True),
        ):
            if row.get(column) not in (None, ""):
                try:
                    item[key] = _amount(row[column], allow_zero=allow_zero)
                except DomainError as exc:
                    bad(column, exc.message.rstrip(".").lower())
        for column, key in (
            ("fecha_adjudicacion", "awarded_on"),
            ("fecha_inicio", "starts_on"),
            ("fecha_termino", "ends_on"),
            ("fecha_desembolso", "paid_on"),
        ):
            if row.get(column) not in (None, ""):
                try:
                    item[key] = _date(row[column])
                except DomainError as exc:
                    bad(column, exc.message.rstrip("."))
        objective = str(row.get("objetivo") or "").strip().lower()
        if objective and objective not in OBJECTIVES:
            bad("objetivo", f"debe ser uno de: {', '.join(OBJECTIVES)}")
        item["objective"] = objective or None
        item["title"] = str(row.get("nombre_proyecto") or "").strip()
        amount = item.get("amount_clp")
        if amount and call is not None:
            if call.subsidy_max_clp and amount > call.subsidy_max_clp:
                bad(
                    "monto_adjudicado",
                    f"supera el subsidio máximo de la convocatoria ({format_clp(call.subsidy_max_clp)})",
                )
            elif budgets.get(call.pk) is not None:
                if amount > budgets[call.pk]:
                    bad(
                        "monto_adjudicado",
                        f"supera el presupuesto que queda en la convocatoria ({format_clp(max(budgets[call.pk], 0))})",
                    )
                budgets[call.pk] -= amount
        if item.get("disbursed_clp"):
            if "paid_on" not in item:
                bad("fecha_desembolso", "es obligatoria cuando hay monto desembolsado")
            if amount and item["disbursed_clp"] > amount:
                bad("monto_desembolsado", "supera el monto adjudicado")
        if item.get("starts_on") and item.get("ends_on") and item["ends_on"] < item["starts_on"]:
            bad("fecha_termino", "es anterior a la fecha de inicio")
        errors.extend(problems)
        if not problems:
            clean.append(item)
    return clean, errors, already


def import_awards(path, *, dry_run: bool = False, actor=None) -> ImportReport:
    rows = read_rows(Path(path))
    report = ImportReport(rows=len(rows), dry_run=dry_run)
    clean, report.errors, report.already = validate(rows)
    if report.errors or dry_run:
        report.created = 0 if report.errors else len(clean)
        return report
    try:
        with transaction.atomic():
            for item in clean:
                project = services.create_project_from_award(
                    call=item["call"],
                    person=item.get("person"),
                    enterprise=item.get("enterprise"),
                    amount_clp=item["amount_clp"],
                    own_contribution_clp=item.get("own_contribution_clp", 0),
                    awarded_on=item["awarded_on"],
                    starts_on=item.get("starts_on"),
                    ends_on=item.get("ends_on"),
                    objective=item["objective"],
                    title=item["title"],
                    source_key=item["source_key"],
                    actor=actor,
                )
                if item.get("disbursed_clp"):
                    services.disburse(
                        project=project,
                        amount_clp=item["disbursed_clp"],
                        paid_on=item["paid_on"],
                        actor=actor,
                        reference="Importación histórica",
                    )
                report.created += 1
    except DomainError as exc:
        report.created = 0
        report.errors = [{"row": item["row"], "column": exc.field or "", "value": "", "reason": exc.message}]
    return report
