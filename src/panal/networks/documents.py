"""Documents of the day: each participant's agenda as PDF (WeasyPrint) and iCalendar (icalendar), and the table
signs as PDF, one page per table."""

from datetime import timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from panal.core.dates import SANTIAGO

from .selectors import agenda_of, meetings

PRODID = "-//Panal//Ruedas de negocios//ES"


def _pdf(html: str) -> bytes:
    from weasyprint import HTML  # noqa: PLC0415 (heavy library, loaded only when this runs)

    return HTML(string=html, base_url=settings.PANAL_BASE_URL).write_pdf()


def agenda_pdf(participant) -> bytes:
    rueda = participant.rueda
    html = render_to_string(
        "networks/agenda_pdf.html",
        {"rueda": rueda, "activity": rueda.activity, "participant": participant, "meetings": agenda_of(participant)},
    )
    return _pdf(html)


def table_signs_pdf(rueda) -> bytes:
    by_table: dict[str, list] = {t: [] for t in rueda.table_labels()}
    for m in meetings(rueda).exclude(status="cancelled"):
        by_table.setdefault(m.table, []).append(m)
    html = render_to_string(
        "networks/table_signs_pdf.html", {"rueda": rueda, "activity": rueda.activity, "tables": by_table.items()}
    )
    return _pdf(html)


def agenda_ics(participant) -> bytes:
    rueda = participant.rueda
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"{rueda.activity.title} · {participant.name}")
    calendar.add("x-wr-timezone", "America/Santiago")
    link = settings.PANAL_BASE_URL.rstrip("/") + reverse("networks:agenda", args=[rueda.pk])
    place = ", ".join(p for p in (rueda.activity.venue, rueda.activity.address) if p)
    for m in agenda_of(participant):
        event = Event()
        event.add("uid", f"reunion-{m.pk}-{participant.pk}@panal")
        event.add("dtstamp", timezone.now().astimezone(ZoneInfo("UTC")))
        event.add("dtstart", m.slot.starts_at.astimezone(SANTIAGO))
        event.add("dtend", m.slot.ends_at.astimezone(SANTIAGO))
        event.add("summary", f"Reunión con {m.other_name} · {m.table}")
        event.add("description", f"{rueda.activity.title}. {m.table}.\n{link}")
        event.add("location", f"{m.table}, {place}" if place else m.table)
        event.add("status", "CONFIRMED" if rueda.agenda_status == "final" else "TENTATIVE")
        calendar.add_component(event)
    day = rueda.starts_at.astimezone(SANTIAGO).date()
    calendar.add_missing_timezones(first_date=day - timedelta(days=1), last_date=day + timedelta(days=1))
    return calendar.to_ical()
