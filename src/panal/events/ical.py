"""iCalendar (RFC 5545) for the agenda, built with the `icalendar` library, times in America/Santiago."""

from collections.abc import Iterable
from datetime import timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event, vGeo

from panal.core.dates import SANTIAGO

PRODID = "-//Panal//Semana de las MiPymes y Cooperativas//ES"


def absolute(path: str) -> str:
    return settings.PANAL_BASE_URL.rstrip("/") + path


def activity_url(activity) -> str:
    return absolute(reverse("events:activity", args=[activity.pk]))


def location_text(activity) -> str:
    if activity.commune_id is None:
        return f"En línea: {activity.online_url}"
    parts = [activity.venue, activity.address, activity.commune.name]
    return ", ".join(p for p in parts if p)


def _event(activity) -> Event:
    event = Event()
    event.add("uid", f"actividad-{activity.pk}@panal")
    event.add("dtstamp", timezone.now().astimezone(ZoneInfo("UTC")))
    event.add("dtstart", activity.starts_at.astimezone(SANTIAGO))
    event.add("dtend", activity.ends_at.astimezone(SANTIAGO))
    event.add("summary", activity.title)
    description = activity.description.strip()
    organiser = activity.agency.short_name
    event.add("description", f"{description}\n\nOrganiza: {organiser}.\n{activity_url(activity)}".strip())
    event.add("location", location_text(activity))
    event.add("url", activity_url(activity))
    event.add("categories", [activity.get_type_display()])
    event.add("status", "CONFIRMED")
    event.add("transp", "OPAQUE")
    if activity.commune_id is not None and activity.commune.latitude is not None:
        event.add("geo", vGeo((float(activity.commune.latitude), float(activity.commune.longitude))))
    return event


def calendar_bytes(activities: Iterable, *, name: str, method: str | None = None) -> bytes:
    """A VCALENDAR with one VEVENT per activity and the VTIMEZONE of America/Santiago for the years used."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "America/Santiago")
    starts = []
    for activity in activities:
        calendar.add_component(_event(activity))
        starts.append(activity.starts_at.astimezone(SANTIAGO).date())
    if starts:
        calendar.add_missing_timezones(
            first_date=min(starts) - timedelta(days=366), last_date=max(starts) + timedelta(days=366)
        )
    return calendar.to_ical()
