"""iCalendar feeds: valid RFC 5545 (parsed back with `icalendar`), times in America/Santiago."""

from zoneinfo import ZoneInfo

from icalendar import Calendar


def parse(response) -> Calendar:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def test_activity_feed_parses_back_with_its_local_time_and_place(client, make_activity):
    activity = make_activity(title="Taller de ventas", commune="06101", venue="Biblioteca Municipal", hour=10)
    calendar = parse(client.get(f"/semana/actividades/{activity.pk}/calendario.ics"))
    assert str(calendar["VERSION"]) == "2.0" and str(calendar["PRODID"])
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    event = events[0]
    assert str(event["SUMMARY"]) == "Taller de ventas"
    assert str(event["UID"]) == f"actividad-{activity.pk}@panal"
    start = event.decoded("DTSTART")
    assert start == activity.starts_at
    assert str(start.tzinfo) == "America/Santiago"
    assert event["DTSTART"].params["TZID"] == "America/Santiago"
    assert (start.hour, start.minute) == (10, 0)
    assert event.decoded("DTEND") == activity.ends_at
    assert "Biblioteca Municipal" in str(event["LOCATION"]) and "Rancagua" in str(event["LOCATION"])
    assert str(event["URL"]).endswith(f"/semana/actividades/{activity.pk}/")
    assert "DTSTAMP" in event
    timezones = calendar.walk("VTIMEZONE")
    assert [str(tz["TZID"]) for tz in timezones] == ["America/Santiago"]


def test_edition_feed_has_every_activity_once(client, make_activity, edition):
    made = [make_activity(title=f"Actividad {i}", day=i % 5) for i in range(6)]
    online = make_activity(title="Charla en línea", commune=None)
    calendar = parse(client.get(f"/semana/ediciones/{edition.slug}/calendario.ics"))
    uids = sorted(str(e["UID"]) for e in calendar.walk("VEVENT"))
    assert uids == sorted(f"actividad-{a.pk}@panal" for a in [*made, online])
    online_event = next(e for e in calendar.walk("VEVENT") if str(e["SUMMARY"]) == "Charla en línea")
    assert "En línea" in str(online_event["LOCATION"])


def test_times_are_right_across_daylight_saving_change(client, make_activity, past_edition):
    # 4 Nov 2024 is summer time in Chile (UTC-3): 10:00 local is 13:00 UTC.
    activity = make_activity(on_edition=past_edition, hour=10)
    event = parse(client.get(f"/semana/actividades/{activity.pk}/calendario.ics")).walk("VEVENT")[0]
    assert event.decoded("DTSTART").astimezone(ZoneInfo("UTC")).hour == 13


def test_unknown_edition_feed_is_404(client, reference_data):
    assert client.get("/semana/ediciones/no-existe/calendario.ics").status_code == 404
