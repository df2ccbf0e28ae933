"""Spreadsheets, the one way in and out: reading an uploaded CSV/XLSX and writing every CSV/XLSX Panal serves.

Reading: `read_table` returns the header names (normalised: no accents, lower case, `_` for spaces) and the data rows
as dicts keyed by them, each with its row number as the user sees it in the file (the header is row 1). CSV with `;`,
`,` or tab, UTF-8 with or without BOM or Latin-1/Windows; XLSX (first sheet). Anything unreadable raises
`TableError` with a Spanish message.

Writing: `csv_bytes`, `write_csv` and `xlsx_bytes` neutralise formulas. A text cell that starts with `=`, `+`, `-`,
`@`, a tab or a carriage return would run as a formula when a spreadsheet opens it (a project title
`=cmd|' /C calc'!A0`). In CSV such a cell gets a leading `'`; in XLSX it is stored as text, never as a
formula, and marked "quote prefix" so editing it in Excel keeps it text. Numbers stay numbers.

Personal columns (Ley 21.719, minimisation: "exports mark personal columns"): every writer takes `personal=`, the
header names of the columns that hold personal data. A CSV stays one plain header row that programs read as before,
each personal column's name suffixed ` (dato personal)`. An XLSX keeps its header names; each personal header cell
is filled orange, carries the note "Dato personal" and the workbook gets a second sheet "Datos personales" listing
those columns and what the law asks of whoever holds the file. A name in `personal` that is not a header is a
programming error (ValueError), so a renamed column cannot silently lose its mark.

openpyxl (~0.2 s to import) is imported by the functions that read or write an XLSX: most processes never do.
"""

import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime

from django.http import HttpResponse

XLSX_MAGIC = b"PK\x03\x04"
# Limits of one import (docs/imports.md): past them the file is refused as a whole, with a message saying which.
MAX_BYTES = 20 * 1024 * 1024  # the upload form's limit too
MAX_ROWS = 100_000
MAX_COLUMNS = 60
MAX_XLSX_INFLATED = 300_000_000  # bytes of XML inside the XLSX
END_AFTER_BLANK = 1_000

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?\d+([.,]\d+)*")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
PERSONAL_SUFFIX = " (dato personal)"
PERSONAL_NOTE = "Dato personal"
PERSONAL_SHEET = "Datos personales"
PERSONAL_COLOR = "FFF4C7A1"  # the fill of a personal column's header cell
PERSONAL_LEGEND = (
    "Las columnas marcadas contienen datos personales (Ley 19.628, modificada por la Ley 21.719). Úselas solo para la "
    "finalidad para la que se exportaron, no las publique ni las reenvíe, y borre el archivo cuando deje de "
    "necesitarlo."
)


# --- Reading ----------------------------------------------------------------------------------------


class TableError(ValueError):
    """The file as a whole cannot be read; the message says why, in Spanish."""


@dataclass
class Table:
    headers: list[str]
    rows: Iterator[tuple[int, dict]]  # read once, lazily: a file is never held as a list of row dicts
    encoding: str = ""
    delimiter: str = ""


def normalize_header(name) -> str:
    """`Nombre Comuna`, `nombre-comuna` and `NOMBRE_COMUNA ` all become `nombre_comuna`; accents are dropped."""
    text = unicodedata.normalize("NFKD", str(name or ""))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = text.replace("-", " ").replace(".", " ")
    return re.sub(r"\s+", "_", text.strip())


def decode(data: bytes) -> tuple[str, str]:
    """UTF-8 (with or without BOM) or Latin-1 (Windows-1252, as Excel saves it in Chile); anything else is refused."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data[:4096]:
        raise TableError(
            "No se reconoce la codificación del archivo (parece UTF-16 o un archivo binario). "
            "Guárdelo como «CSV UTF-8» o como CSV de Windows (Latin-1) y vuelva a subirlo."
        )
    if data.startswith(b"\xef\xbb\xbf"):
        if not _utf8(data[3:]):
            raise TableError("El archivo dice ser UTF-8 pero tiene bytes que no lo son; revise su codificación.")
        return data[3:].decode("utf-8"), "utf-8-sig"
    if _utf8(data):
        return data.decode("utf-8"), "utf-8"
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = None
    if text is None or _CONTROL.search(text):
        raise TableError(
            "No se reconoce la codificación del archivo: no es UTF-8 ni Latin-1. "
            "Guárdelo como «CSV UTF-8» y vuelva a subirlo."
        )
    return text, "latin-1"


def _utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _read_csv(data: bytes, *, max_rows: int = MAX_ROWS) -> Table:
    text, encoding = decode(data)
    if _CONTROL.search(text):
        raise TableError("El archivo tiene caracteres de control: no parece un CSV de texto.")
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    if not first_line:
        raise TableError("El archivo está vacío.")
    delimiter = _delimiter(first_line)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)

    def lines():
        try:
            for line in reader:
                yield line[:MAX_COLUMNS]
        except csv.Error as exc:
            raise TableError(f"El archivo CSV está mal formado: {exc}.") from None

    return _to_table(lines(), encoding=encoding, delimiter=delimiter, max_rows=max_rows)


def _cell(value):
    if isinstance(value, datetime) and value.hour == value.minute == value.second == 0:
        return value.date()
    return value


def _check_xlsx_size(data: bytes) -> None:
    """A 1 MB XLSX can inflate to gigabytes of XML (or declare a million rows of formatting): measure first."""

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            inflated = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise TableError("No se pudo leer el archivo Excel (XLSX): está dañado.") from None
    if inflated > MAX_XLSX_INFLATED:
        raise TableError(
            f"El archivo Excel descomprimido pesa más de {MAX_XLSX_INFLATED // 1_000_000} MB; "
            "guárdelo como CSV o divídalo en partes."
        )


def _read_xlsx(data: bytes, *, max_rows: int = MAX_ROWS) -> Table:
    from openpyxl import load_workbook  # noqa: PLC0415 (loaded when used: heavy)

    _check_xlsx_size(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a corrupt file
        raise TableError(f"No se pudo leer el archivo Excel (XLSX): {type(exc).__name__}.") from None
    sheet = workbook.worksheets[0]

    def lines():
        try:
            for row in sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS):
                yield [_cell(v) for v in row]
        finally:
            workbook.close()

    return _to_table(lines(), encoding="xlsx", delimiter="", max_rows=max_rows)


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _to_table(lines: Iterator[list], *, encoding: str, delimiter: str, max_rows: int = MAX_ROWS) -> Table:
    """Rows read one at a time: at most MAX_ROWS with data, each at most MAX_COLUMNS wide; a run of
    END_AFTER_BLANK blank rows ends the table (a sheet formatted down to row 1,048,576 is not a million rows)."""
    lines = iter(lines)  # the two loops below share it: the second goes on where the first stopped
    headers = None
    header_number = 0
    for number, line in enumerate(lines, start=1):
        if any(not _blank(v) for v in line):
            headers, header_number = [normalize_header(v) for v in line], number
            break
        if number > END_AFTER_BLANK:
            break
    if headers is None:
        raise TableError("El archivo está vacío.")
    while headers and not headers[-1]:
        headers.pop()
    seen = set()
    for name in headers:
        if name and name in seen:
            raise TableError(f"La columna «{name}» aparece dos veces en la fila de encabezados.")
        seen.add(name)
    return Table(
        headers=[h for h in headers if h],
        rows=_rows(lines, headers, header_number, max_rows),
        encoding=encoding,
        delimiter=delimiter,
    )


def _rows(lines: Iterator[list], headers: list[str], header_number: int, max_rows: int) -> Iterator[tuple[int, dict]]:
    """The data rows after the header, one at a time; TableError past MAX_ROWS (raised while iterating)."""
    width = len(headers)
    blanks = count = 0
    for number, line in enumerate(lines, start=header_number + 1):
        if all(_blank(v) for v in line):
            blanks += 1
            if blanks > END_AFTER_BLANK:
                break
            continue
        blanks = 0
        count += 1
        if count > max_rows:
            raise TableError(
                f"El archivo tiene más de {max_rows:,} filas de datos; divídalo en varios archivos.".replace(",", ".")
            )
        values = {}
        for position, name in enumerate(headers):
            if not name:
                continue
            value = line[position] if position < len(line) else None
            values[name] = value.strip() if isinstance(value, str) else value
        extra = [v for v in line[width:] if not _blank(v)]
        if extra:
            values["__extra__"] = extra
        yield number, values


def read_table(data: bytes, filename: str = "", *, max_rows: int | None = None, max_bytes: int | None = None) -> Table:
    """The file's table, its rows read lazily. The limits default to the registry's (docs/imports.md, read when
    called); an import of yearly panels (outcomes) allows more rows."""
    max_rows = MAX_ROWS if max_rows is None else max_rows
    max_bytes = MAX_BYTES if max_bytes is None else max_bytes
    if not data:
        raise TableError("El archivo está vacío.")
    if len(data) > max_bytes:
        raise TableError(f"El archivo pesa más de {max_bytes // 1024 // 1024} MB; divídalo en partes.")
    name = filename.lower()
    if data.startswith(XLSX_MAGIC) or name.endswith((".xlsx", ".xlsm")):
        if not data.startswith(XLSX_MAGIC):
            raise TableError("El archivo dice ser XLSX pero no lo es; guárdelo como «Libro de Excel (.xlsx)».")
        return _read_xlsx(data, max_rows=max_rows)
    if name.endswith(".xls"):
        raise TableError("El formato Excel antiguo (.xls) no se acepta; guárdelo como .xlsx o como CSV.")
    return _read_csv(data, max_rows=max_rows)


# --- Writing ----------------------------------------------------------------------------------------


def is_formula_like(value) -> bool:
    """Text a spreadsheet would evaluate; a plain number written as text ("-5", "+56") is data, not a formula."""
    if not isinstance(value, str) or not value.startswith(FORMULA_STARTS):
        return False
    return _NUMBER.fullmatch(value) is None


def neutralise(value):
    """The CSV form: a leading `'`, which every spreadsheet reads as "this cell is text"."""
    return "'" + value if is_formula_like(value) else value


def _personal(headers: list[str], personal: Iterable[str]) -> set[str]:
    marked = set(personal)
    unknown = marked - {str(h) for h in headers}
    if unknown:
        raise ValueError(f"personal= names columns that are not headers: {sorted(unknown)}")
    return marked


def marked_headers(headers: list[str], personal: Iterable[str] = ()) -> list[str]:
    """The CSV header row: each personal column's name with ` (dato personal)`."""
    marked = _personal(headers, personal)
    return [f"{h}{PERSONAL_SUFFIX}" if str(h) in marked else h for h in headers]


def write_csv(
    handle, headers: list[str], rows: Iterable, *, delimiter: str = ";", personal: Iterable[str] = ()
) -> None:
    """Into an open text file (`newline=""`); `;` by default so Excel in Chile opens the columns."""
    writer = csv.writer(handle, delimiter=delimiter)
    writer.writerow([neutralise(h) for h in marked_headers(headers, personal)])
    writer.writerows([neutralise(v) for v in row] for row in rows)


def csv_bytes(headers: list[str], rows: Iterable, *, delimiter: str = ";", personal: Iterable[str] = ()) -> bytes:
    """UTF-8 with BOM (Excel then reads the accents right)."""
    buffer = io.StringIO()
    write_csv(buffer, headers, rows, delimiter=delimiter, personal=personal)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(
    headers: list[str],
    rows: Iterable,
    *,
    sheet: str = "Datos",
    title: str = "",
    widths: list[int] | None = None,
    personal: Iterable[str] = (),
) -> bytes:
    """Write-only workbook (constant memory); amounts stay whole numbers so Excel can add them. An optional `title`
    goes in a bold first row; the header row is bold and stays visible while scrolling. Personal columns are marked
    (module docstring)."""
    from openpyxl import Workbook  # noqa: PLC0415 (loaded when used: heavy)
    from openpyxl.cell import WriteOnlyCell  # noqa: PLC0415 (loaded when used: heavy)
    from openpyxl.styles import Font  # noqa: PLC0415 (loaded when used: heavy)
    from openpyxl.utils import get_column_letter  # noqa: PLC0415 (loaded when used: heavy)

    marked = _personal(headers, personal)
    workbook = Workbook(write_only=True)
    ws = workbook.create_sheet(sheet[:31])
    for position, width in enumerate(widths or [], start=1):
        ws.column_dimensions[get_column_letter(position)].width = width
    header_row = 1
    if title:
        ws.append([_text_cell(WriteOnlyCell, ws, title, font=Font(bold=True, size=13))])
        header_row = 2
    ws.freeze_panes = f"A{header_row + 1}"
    bold = Font(bold=True)
    ws.append([_header_cell(WriteOnlyCell, ws, str(h), personal=str(h) in marked, font=bold) for h in headers])
    for row in rows:
        ws.append([_text_cell(WriteOnlyCell, ws, v) if isinstance(v, str) else v for v in row])
    if marked:
        legend = workbook.create_sheet(PERSONAL_SHEET)
        legend.column_dimensions["A"].width = 40
        legend.append([_text_cell(WriteOnlyCell, legend, PERSONAL_LEGEND)])
        legend.append([])
        legend.append([_text_cell(WriteOnlyCell, legend, "Columna con datos personales", font=bold)])
        for h in headers:
            if str(h) in marked:
                legend.append([_text_cell(WriteOnlyCell, legend, str(h))])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _header_cell(cell_class, ws, value: str, *, personal: bool, font):
    from openpyxl.comments import Comment  # noqa: PLC0415 (loaded when used: heavy)
    from openpyxl.styles import PatternFill  # noqa: PLC0415 (loaded when used: heavy)

    cell = _text_cell(cell_class, ws, value, font=font)
    if personal:
        cell.fill = PatternFill(fill_type="solid", start_color=PERSONAL_COLOR, end_color=PERSONAL_COLOR)
        cell.comment = Comment(f"{PERSONAL_NOTE}: {PERSONAL_LEGEND}", "Panal")
    return cell


def _text_cell(cell_class, ws, value: str, *, font=None):
    cell = cell_class(ws, value=value)
    cell.data_type = "s"  # openpyxl would store "=..." as a formula
    if is_formula_like(value):
        cell.quotePrefix = True
    if font is not None:
        cell.font = font
    return cell


def download(content: bytes, filename: str) -> HttpResponse:
    kind = "text/csv; charset=utf-8" if filename.endswith(".csv") else XLSX_TYPE
    response = HttpResponse(content, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
