"""Reads of the outcomes app that pages, the API, the open data and other apps reuse."""

from panal.catalog.selectors import calls
from panal.core import spreadsheets

from . import results
from .indicators import INDICATORS
from .models import DecisionSnapshot, FollowUp

GROUPS = (("financiadas", "Financiadas"), ("comparacion", "Comparación (admisibles no financiadas)"))
PERIODS = (("antes", "Antes (hasta el año de la convocatoria)"), ("despues", "Después"))


def call_for(*, instrument: str, year: int, region: str = "06"):
    """The call of that instrument, year and region whose decisions are registered (else any such call)."""

    same = [c for c in calls(instrument_code=instrument, region=region) if c.year == year]
    with_snapshot = set(DecisionSnapshot.objects.filter(call__in=same).values_list("call_id", flat=True))
    same.sort(key=lambda c: (c.pk not in with_snapshot, c.code))
    return same[0] if same else None


def published_snapshots():
    """Calls with registered decisions, newest first; demo ones last (they are labelled on the page)."""
    return DecisionSnapshot.objects.select_related("call", "call__instrument", "call__instrument__agency").order_by(
        "is_demo", "-call__year", "call__instrument__name"
    )


def followups_due(today):
    return FollowUp.objects.filter(due_on__lte=today, answered_at__isnull=True).exclude(consent=False)


CSV_HEADERS = [
    "convocatoria",
    "instrumento",
    "anio",
    "region",
    "demostracion",
    "indicador",
    "unidad",
    "grupo",
    "periodo",
    "empresas",
    "promedio",
    "ic95_inferior",
    "ic95_superior",
]


def aggregated_rows():
    """One row per call, indicator, group and period; suppressed cells (< 5 firms) carry no numbers."""
    for snapshot in published_snapshots():
        call = snapshot.call
        summary = results.summary(call)
        if summary is None:
            continue
        for key, cells in summary["indicators"].items():
            for group, _ in GROUPS:
                for period, _ in PERIODS:
                    cell = cells[f"{group}_{period}"]
                    shown = not cell["suppressed"]
                    yield [
                        call.code,
                        call.instrument.code,
                        call.year,
                        call.region_id,
                        "si" if snapshot.is_demo else "no",
                        key,
                        INDICATORS[key].unit,
                        group,
                        period,
                        cell["n"] if shown else "menos de 5",
                        cell["mean"] if shown else "",
                        cell["ci_low"] if shown else "",
                        cell["ci_high"] if shown else "",
                    ]


def aggregated_csv() -> bytes:
    return spreadsheets.csv_bytes(CSV_HEADERS, aggregated_rows())
