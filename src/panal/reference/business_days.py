"""Business days in Chile (national holidays plus O'Higgins' regional ones, subdivision LI)."""

from datetime import date, timedelta
from functools import lru_cache

import holidays
from django.conf import settings

# ISO 3166-2 subdivisions used by the `holidays` package, by CUT region code.
REGION_SUBDIVISIONS = {
    "01": "TA",
    "02": "AN",
    "03": "AT",
    "04": "CO",
    "05": "VS",
    "06": "LI",
    "07": "ML",
    "08": "BI",
    "09": "AR",
    "10": "LL",
    "11": "AI",
    "12": "MA",
    "13": "RM",
    "14": "LR",
    "15": "AP",
    "16": "NB",
}


@lru_cache(maxsize=64)
def _calendar(region: str, year: int):
    return holidays.country_holidays("CL", subdiv=REGION_SUBDIVISIONS.get(region), years=year)


def holiday_name(day: date, region: str | None = None) -> str | None:
    return _calendar(region or settings.PANAL_REGION, day.year).get(day)


def is_business_day(day: date, region: str | None = None) -> bool:
    return day.weekday() < 5 and holiday_name(day, region) is None


def add_business_days(start: date, days: int, region: str | None = None) -> date:
    """The date `days` business days after `start` (start itself not counted)."""
    if days < 0:
        raise ValueError("days debe ser positivo o cero.")
    current = start
    while days:
        current += timedelta(days=1)
        if is_business_day(current, region):
            days -= 1
    return current
