"""Validating a whole table before anything is written: one issue per bad cell, the valid rows."""

from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from panal.core.errors import DomainError
from panal.core.spreadsheets import TableError, read_table
from panal.reference.selectors import activity_codes
from panal.territory.names import fold_name
from panal.territory.selectors import commune_name_index, commune_region_index, regions

from .. import cleaning as c
from ..services import clean_registries
from .columns import COLUMNS, HEADER_ALIASES, KINDS, LABELS


@dataclass
class Issue:
    row: int | None
    column: str
    value: str
    message: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "value": self.value, "message": self.message}


@dataclass
class ImportResult:
    kind: str
    filename: str = ""
    dry_run: bool = True
    encoding: str = ""
    rows: int = 0
    valid: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    issues: list[Issue] = field(default_factory=list)
    file_error: str = ""
    invalid_rows: set[int] = field(default_factory=set)  # rows refused without an issue of their own (duplicates)

    @property
    def invalid(self) -> int:
        return len(self.invalid_rows | {i.row for i in self.issues if i.row is not None})

    @property
    def written(self) -> bool:
        return not self.dry_run and not self.file_error

    def summary(self) -> str:
        what = LABELS[self.kind]
        if self.file_error:
            return f"Archivo rechazado, no se importó nada: {self.file_error}"
        base = f"{self.rows} filas de {what}: {self.valid} válidas, {self.invalid} con errores"
        if self.dry_run:
            return f"{base}. Solo validación: no se escribió nada."
        return (
            f"{base}. Importado: {self.created} nuevas, {self.updated} actualizadas, {self.unchanged} sin cambios"
            + (f"; {self.invalid} filas con errores no se importaron." if self.invalid else ".")
        )


class _Context:
    """Look-up tables loaded once per import, so validating 100,000 rows costs no queries per row."""

    def __init__(self, today: date):
        self.today = today
        self.cache: dict = {}
        self.commune_index = commune_name_index()
        self.commune_codes = commune_region_index()
        self.activity_codes = activity_codes()
        self.regions = {}
        for region in regions():
            code, name, short = region.code, region.name, region.short_name
            for label in (code, str(int(code)), name, short):
                self.regions[fold_name(label)] = code

    def commune(self, value, column: str) -> str:
        text = str(value).strip()
        if isinstance(value, int | float) or text.isdigit():
            code = str(int(float(text))).zfill(5)
            if code in self.commune_codes:
                return code
        else:
            code = self.commune_index.get(fold_name(text))
            if code:
                return code
        raise DomainError(f"La comuna «{text}» no existe; escriba su nombre o su código CUT.", field=column)

    def activity(self, value, column: str) -> str:
        text = str(int(value)) if isinstance(value, int | float) else str(value).strip()
        if text not in self.activity_codes:
            raise DomainError(f"La actividad económica SII «{text}» no existe.", field=column)
        return text

    def region(self, value, column: str) -> str:
        text = str(int(value)) if isinstance(value, int | float) else str(value).strip()
        code = self.regions.get(fold_name(text)) or self.regions.get(fold_name(text.lstrip("0") or "0"))
        if code is None:
            raise DomainError(f"La región «{text}» no existe; use su código (06) o su nombre.", field=column)
        return code


def _shown(value) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)[:200]


def _clean_cell(kind: str, column: str, target: str, value, ctx: _Context):
    """One non-empty cell → its clean value (raises DomainError naming `column`)."""
    today = ctx.today
    if target == "rut" or target == "representative":
        return c.clean_rut(value, column)
    if target == "first_names":
        return c.clean_required_text(value, column, "los nombres", 120)
    if target == "last_names":
        return c.clean_required_text(value, column, "los apellidos", 120)
    if target == "legal_name":
        return c.clean_required_text(value, column, "la razón social", 200)
    if target == "trade_name":
        return c.clean_optional_text(value, column, "el nombre de fantasía", 200)
    if target == "registry_number":
        text = str(int(value)) if isinstance(value, int | float) else value
        return c.clean_optional_text(text, column, "el rol", 30)
    if target == "email":
        return c.clean_email(value, column)
    if target == "phone":
        return c.clean_phone(str(int(value)) if isinstance(value, int | float) else value, column)
    if target == "birth_date":
        return c.clean_date(value, column, "la fecha de nacimiento", today=today)
    if target == "activity_start_date":
        return c.clean_date(value, column, "la fecha de inicio de actividades", today=today)
    if target == "constitution_date":
        return c.clean_date(value, column, "la fecha de constitución", today=today)
    if target == "standing_checked_on":
        return c.clean_date(value, column, "la fecha de revisión de vigencia", today=today)
    if target == "sex":
        return c.clean_sex(value, column)
    if target == "nationality":
        return c.clean_nationality(value, column)
    if target == "legal_form":
        return c.clean_legal_form(value, column)
    if target == "cooperative_class":
        return c.clean_cooperative_class(value, column)
    if target in ("has_activity_start", "in_good_standing"):
        return c.clean_bool(value, column, "inicio de actividades" if target == "has_activity_start" else "vigente")
    if target == "commune":
        return ctx.commune(value, column)
    if target == "region":
        return ctx.region(value, column)
    if target == "activity":
        return ctx.activity(value, column)
    if target == "registries":
        return clean_registries(str(value), column)
    if target == "year":
        return c.clean_year(value, column, today=today)
    if target == "sales_uf":
        return c.clean_decimal(value, column, "las ventas anuales (UF)")
    if target in ("employees", "members_men", "members_women", "members_other", "wages_clp"):
        labels = {
            "employees": "el número de trabajadores/as",
            "members_men": "los socios hombres",
            "members_women": "las socias mujeres",
            "members_other": "los otros socios",
            "wages_clp": "las remuneraciones (CLP)",
        }
        return c.clean_int(value, column, labels[target])
    raise AssertionError(f"unhandled column {column}")


# Columns whose few distinct values repeat across rows: each distinct (column, text) is cleaned once per import.
CACHED_TARGETS = {
    "commune",
    "region",
    "activity",
    "legal_form",
    "sex",
    "nationality",
    "cooperative_class",
    "has_activity_start",
    "in_good_standing",
    "registries",
    "year",
}


def _clean_cached(kind: str, column: str, target: str, value, ctx: _Context):
    key = (column, value)
    try:
        hit = ctx.cache[key]
    except KeyError:
        try:
            hit = (True, _clean_cell(kind, column, target, value, ctx))
        except DomainError as exc:
            hit = (False, exc)
        ctx.cache[key] = hit
    except TypeError:  # unhashable cell value
        return _clean_cell(kind, column, target, value, ctx)
    ok, result = hit
    if not ok:
        raise result
    return result


def _validate_row(kind: str, number: int, raw: dict, columns: dict, ctx: _Context) -> tuple[dict, list[Issue]]:
    values, issues = {}, []
    for column, (target, _required_column, required_value) in columns.items():
        if column not in raw:
            continue
        value = raw[column]
        if value is None or (isinstance(value, str) and not value):
            if required_value:
                issues.append(Issue(number, column, "", f"Falta el valor de «{column}»."))
            continue
        try:
            if target in CACHED_TARGETS:
                values[target] = _clean_cached(kind, column, target, value, ctx)
            else:
                values[target] = _clean_cell(kind, column, target, value, ctx)
        except DomainError as exc:
            issues.append(Issue(number, column, _shown(value), exc.message))
    if "__extra__" in raw:
        issues.append(Issue(number, "", _shown(raw["__extra__"]), "La fila tiene más celdas que encabezados."))
    # Rules across cells of the row.
    if values.get("has_activity_start") is False and values.get("activity_start_date"):
        issues.append(
            Issue(
                number,
                "fecha_inicio_actividades",
                _shown(values["activity_start_date"]),
                "Dice que no tiene inicio de actividades pero da una fecha de inicio.",
            )
        )
    elif values.get("activity_start_date") and "has_activity_start" not in values:
        values["has_activity_start"] = True
    if kind == "enterprises":
        has_figures = any(k in values for k in ("sales_uf", "employees", "wages_clp"))
        if has_figures and "year" not in values and not any(i.column == "anio" for i in issues):
            issues.append(Issue(number, "anio", "", "Falta el año de las ventas, trabajadores o remuneraciones."))
    if kind == "cooperatives":
        region, commune = values.get("region"), values.get("commune")
        if region and commune and ctx.commune_codes.get(commune) != region:
            issues.append(
                Issue(number, "comuna", _shown(raw.get("comuna")), f"La comuna no pertenece a la región {region}.")
            )
        member_columns = ("socios_hombres", "socias_mujeres", "otros_socios")
        if not any(i.column in member_columns for i in issues):
            total = sum(values.get(k) or 0 for k in ("members_men", "members_women", "members_other"))
            if total == 0:
                issues.append(
                    Issue(
                        number,
                        "socias_mujeres",
                        _shown(raw.get("socias_mujeres")),
                        "Una cooperativa debe tener al menos un socio o socia (socios_hombres + socias_mujeres > 0).",
                    )
                )
    return values, issues


def _canonical_columns(headers: list[str], columns: dict) -> tuple[dict, list[str]]:
    mapping, unknown = {}, []
    for header in headers:
        name = HEADER_ALIASES.get(header, header)
        if name in columns and name not in mapping.values():
            mapping[header] = name
        else:
            unknown.append(header)
    return mapping, unknown


class _Rows:
    """What validating row after row accumulates: the valid rows, the refused ones, where each RUT and rol is."""

    def __init__(self, kind: str, mapping: dict, columns: dict, ctx: "_Context", result: ImportResult):
        self.kind, self.mapping, self.columns, self.ctx, self.result = kind, mapping, columns, ctx, result
        self.valid: list[tuple[int, dict]] = []
        self.bad: set[int] = set()
        self.by_rut: dict[str, list[int]] = {}
        self.by_role: dict[str, list[int]] = {}

    def add(self, number: int, raw_row: dict) -> None:
        raw = {self.mapping[k]: v for k, v in raw_row.items() if k in self.mapping}
        if "__extra__" in raw_row:
            raw["__extra__"] = raw_row["__extra__"]
        values, issues = _validate_row(self.kind, number, raw, self.columns, self.ctx)
        if issues:
            self.result.issues.extend(issues)
            self.bad.add(number)
        if "rut" in values:
            self.by_rut.setdefault(values["rut"], []).append(number)
        if values.get("registry_number"):
            self.by_role.setdefault(values["registry_number"], []).append(number)
        if not issues:
            self.valid.append((number, values))


SHOWN_ROWS = 5


def _rows(numbers: list[int]) -> str:
    """`5 filas (2, 7, 9, 12, 15 y 3 más)`: a few row numbers and the count, never the whole list."""
    shown = ", ".join(str(n) for n in numbers[:SHOWN_ROWS])
    more = f" y {_miles(len(numbers) - SHOWN_ROWS)} más" if len(numbers) > SHOWN_ROWS else ""
    return f"{_miles(len(numbers))} filas ({shown}{more})"


def _miles(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def validate(kind: str, data: bytes, filename: str = "", *, today: date | None = None):
    """Read and validate; returns (result, valid rows as [(row number, values)]). Writes nothing."""
    if kind not in KINDS:
        raise ValueError(f"unknown import kind {kind}")
    result = ImportResult(kind=kind, filename=filename)
    try:
        table = read_table(data, filename)
    except TableError as exc:
        result.file_error = str(exc)
        result.issues.append(Issue(None, "", "", str(exc)))
        return result, []
    result.encoding = table.encoding
    columns = COLUMNS[kind]
    mapping, unknown = _canonical_columns(table.headers, columns)
    missing = [name for name, (_t, required, _v) in columns.items() if required and name not in mapping.values()]
    if missing:
        result.file_error = f"Faltan columnas obligatorias: {', '.join(missing)}."
        result.issues.append(Issue(1, ", ".join(missing), "", result.file_error))
        return result, []
    for header in unknown:
        result.issues.append(Issue(1, header, "", f"La columna «{header}» no se reconoce y se ignora (aviso)."))
    rows = _Rows(kind, mapping, columns, _Context(today or timezone.localdate()), result)
    try:
        for number, raw_row in table.rows:
            result.rows += 1
            rows.add(number, raw_row)
    except TableError as exc:  # found while reading on (too many rows, a malformed line): the file is refused
        result.file_error = str(exc)
        result.issues.append(Issue(None, "", "", str(exc)))
        return result, []
    # A repeated RUT (or rol) is ONE problem, reported once on its first row with a few row numbers and a count:
    # listing every row in every row's message made the report quadratic (10,000 copies of a RUT: 668 MB).
    bad_rows = rows.bad
    for rut, numbers in rows.by_rut.items():
        if len(numbers) > 1:
            result.issues.append(
                Issue(
                    numbers[0], "rut", rut, f"El RUT {rut} se repite en {_rows(numbers)}; ninguna de ellas se importa."
                )
            )
            bad_rows.update(numbers)
    for number_text, numbers in rows.by_role.items():
        if len(numbers) > 1:
            result.issues.append(
                Issue(numbers[0], "rol", number_text, f"El rol {number_text} se repite en {_rows(numbers)}.")
            )
            bad_rows.update(numbers)
    result.invalid_rows = bad_rows
    valid = [(n, v) for n, v in rows.valid if n not in bad_rows]
    result.issues.sort(key=lambda i: (i.row or 0, i.column))
    result.valid = len(valid)
    return result, valid
