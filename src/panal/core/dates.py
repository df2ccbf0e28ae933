"""Dates the Chilean way: the region's time zone, and reading a calendar date as people type it."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

SANTIAGO = ZoneInfo("America/Santiago")
DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y")


def parse_date(value) -> date:
    """A date, a datetime (its day) or text as `2024-03-15`, `15-03-2024` or `15/03/2024`. Raises ValueError."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()  # noqa: DTZ007 (a calendar date, no time)
        except ValueError:
            continue
    raise ValueError(f"«{text}» no es una fecha; use AAAA-MM-DD o DD-MM-AAAA.")
