"""Tables as downloads: CSV through defusedcsv (no formula injection; `;` so Excel in Chile opens columns) and XLSX
through openpyxl with amounts as whole numbers."""

import io

from defusedcsv import csv
from django.http import HttpResponse
from openpyxl import Workbook


def csv_bytes(headers: list[str], rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(headers)
    writer.writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(headers: list[str], rows, *, sheet: str = "Cifras") -> bytes:
    """Write-only workbook (constant memory); amounts stay whole numbers so Excel can add them."""
    workbook = Workbook(write_only=True)
    ws = workbook.create_sheet(sheet[:31])
    ws.append(headers)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def download(content: bytes, filename: str) -> HttpResponse:
    kind = (
        "text/csv; charset=utf-8"
        if filename.endswith(".csv")
        else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response = HttpResponse(content, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
