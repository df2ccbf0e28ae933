"""Attendance lists for organisers, as CSV and XLSX through `panal.core.spreadsheets` (formulas neutralised)."""

from django.utils import timezone

from panal.core import spreadsheets
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
# The columns that identify or contact a person (marked in the file, core.spreadsheets); the rest are personal only
# through these.
PERSONAL = {"Código", "Nombre", "Correo electrónico", "RUT", "Código de certificado"}
WIDTHS = [18, 30, 30, 14, 18, 30, 18, 18, 8, 20, 20]


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
    return spreadsheets.csv_bytes(HEADERS, rows(registrations), personal=PERSONAL)


def attendance_xlsx(registrations, *, title: str) -> bytes:
    return spreadsheets.xlsx_bytes(
        HEADERS, rows(registrations), sheet="Asistencia", title=title, widths=WIDTHS, personal=PERSONAL
    )
