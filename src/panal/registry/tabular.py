"""Reading the rows of an uploaded table: CSV (`;` or `,`; UTF-8 with or without BOM, or Latin-1/Windows) or XLSX.

`read_table` returns the header names (normalised: no accents, lower case, `_` for spaces) and the data rows as
dicts keyed by them, each with its row number as the user sees it in the file (the header is row 1). Anything
unreadable raises `TableError` with a Spanish message; nothing has been written at that point.
"""

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from panal.territory.names import fold_name

XLSX_MAGIC = b"PK\x03\x04"
# Limits of one import (docs/imports.md): past them the file is refused as a whole, with a message saying which.
MAX_BYTES = 20 * 1024 * 1024  # the upload form's limit too
MAX_ROWS = 100_000
MAX_COLUMNS = 60
MAX_XLSX_INFLATED = 300_000_000  # bytes of XML inside the XLSX
END_AFTER_BLANK = 1_000
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class TableError(ValueError):
    """The file as a whole cannot be read; the message says why, in Spanish."""


@dataclass
class Table:
    headers: list[str]
    rows: Iterator[tuple[int, dict]]  # read once, lazily: a file is never held as a list of row dicts
    encoding: str = ""
    delimiter: str = ""


def normalize_header(name) -> str:
    text = fold_name(str(name or "")).replace("-", " ").replace(".", " ")
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


def _read_csv(data: bytes) -> Table:
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

    return _to_table(lines(), encoding=encoding, delimiter=delimiter)


def _cell(value):
    if isinstance(value, datetime) and value.hour == value.minute == value.second == 0:
        return value.date()
    return value


def _check_xlsx_size(data: bytes) -> None:
    """A 1 MB XLSX can inflate to gigabytes of XML (or declare a million rows of formatting): measure first."""
    import zipfile

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


def _read_xlsx(data: bytes) -> Table:
    from openpyxl import load_workbook

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

    return _to_table(lines(), encoding="xlsx", delimiter="")


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _to_table(lines: Iterator[list], *, encoding: str, delimiter: str) -> Table:
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
        rows=_rows(lines, headers, header_number),
        encoding=encoding,
        delimiter=delimiter,
    )


def _rows(lines: Iterator[list], headers: list[str], header_number: int) -> Iterator[tuple[int, dict]]:
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
        if count > MAX_ROWS:
            raise TableError(
                f"El archivo tiene más de {MAX_ROWS:,} filas de datos; divídalo en varios archivos.".replace(",", ".")
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


def read_table(data: bytes, filename: str = "") -> Table:
    if not data:
        raise TableError("El archivo está vacío.")
    if len(data) > MAX_BYTES:
        raise TableError(f"El archivo pesa más de {MAX_BYTES // 1024 // 1024} MB; divídalo en partes.")
    name = filename.lower()
    if data.startswith(XLSX_MAGIC) or name.endswith((".xlsx", ".xlsm")):
        if not data.startswith(XLSX_MAGIC):
            raise TableError("El archivo dice ser XLSX pero no lo es; guárdelo como «Libro de Excel (.xlsx)».")
        return _read_xlsx(data)
    if name.endswith(".xls"):
        raise TableError("El formato Excel antiguo (.xls) no se acepta; guárdelo como .xlsx o como CSV.")
    return _read_csv(data)


def iter_rows(table: Table) -> Iterator[tuple[int, dict]]:
    yield from table.rows
