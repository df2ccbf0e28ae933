"""Attendance lists for organisers: CSV (defusedcsv, no formula injection) and XLSX (openpyxl)."""

import io

from defusedcsv import csv
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

from panal.core.rut import format_rut

HEADERS = [
    "Código",
    "Nombre",
    "Correo electrónico",
    "RUT",
    "Comuna",
    "Empresa o cooperativa",
    "Estado",
    "Inscrita el",
    "Asistió",
    "Asistencia registrada el",
    "Código de certificado",
]


def _when(value) -> str:
    return timezone.localtime(value).strftime("%d-%m-%Y %H:%M") if value else ""


def rows(registrations):
    for r in registrations:
        yield [
            r.code,
            r.name,
            r.email,
            format_rut(r.rut),
            r.commune.name if r.commune_id else "",
            r.organization,
            r.get_status_display(),
            _when(r.created_at),
            "Sí" if r.checked_in_at else "No",
            _when(r.checked_in_at),
            r.certificate_code or "",
        ]


def attendance_csv(registrations) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")  # Excel in Chile opens ';' files in columns
    writer.writerow(HEADERS)
    for row in rows(registrations):
        writer.writerow(row)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def attendance_xlsx(registrations, *, title: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Asistencia"
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append(HEADERS)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in rows(registrations):
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            if cell.data_type == "f":  # text that starts with "=" stays text, never a formula
                cell.data_type = "s"
    for column, width in zip("ABCDEFGHIJK", (18, 30, 30, 14, 18, 30, 18, 18, 8, 20, 20), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A3"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
