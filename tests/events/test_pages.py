"""Public pages: agenda by day and commune with filters and search, activity page, registration by form
(no JavaScript needed), the registration page with its QR and cancellation, and the confirmation email."""

import re

import pytest

from panal.events.models import Registration


def test_agenda_groups_by_day_and_by_commune(client, make_activity, edition):
    make_activity(title="Taller en Rancagua", commune="06101", day=0)
    make_activity(title="Feria en Santa Cruz", commune="06310", day=1, type="feria")
    make_activity(title="Charla en Pichilemu", commune="06201", day=1, type="charla")
    by_day = client.get("/semana/").content.decode()
    assert "Semana de prueba" in by_day
    assert "3 actividades." in by_day
    first_day = by_day.index("Taller en Rancagua")
    assert first_day < by_day.index("Feria en Santa Cruz")
    by_commune = client.get("/semana/?vista=comuna").content.decode()
    headings = re.findall(r'<h2 id="grupo-\d+">([^<]+)<', by_commune)
    assert [h.strip() for h in headings] == ["Pichilemu", "Rancagua", "Santa Cruz"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("tipo=feria", ["Feria en Santa Cruz"]),
        ("comuna=06101", ["Taller en Rancagua"]),
        ("organiza=sernac", ["Charla en Pichilemu"]),
        ("objetivo=redes", ["Feria en Santa Cruz"]),
        ("publico=cooperativas", ["Feria en Santa Cruz"]),
        ("q=pichilemu", ["Charla en Pichilemu"]),
        ("q=TALLER+rancagua", ["Taller en Rancagua"]),
    ],
)
def test_agenda_filters_and_text_search(client, make_activity, edition, query, expected):
    make_activity(title="Taller en Rancagua", commune="06101")
    make_activity(
        title="Feria en Santa Cruz", commune="06310", type="feria", objective="redes", audience="cooperativas"
    )
    make_activity(title="Charla en Pichilemu", commune="06201", type="charla", agency="sernac", day=0)
    page = client.get(f"/semana/?{query}").content.decode()
    shown = re.findall(r'<h3><a href="/semana/actividades/\d+/">([^<]+)</a>', page)
    assert shown == expected


def test_agenda_day_filter(client, make_activity, edition):
    make_activity(title="Lunes", day=0)
    make_activity(title="Martes", day=1)
    day = edition.starts_on.isoformat()
    page = client.get(f"/semana/?dia={day}").content.decode()
    assert "Lunes" in page and ">Martes<" not in page
    assert "1 de 2 actividades coinciden." in page


def test_agenda_answers_in_a_fixed_number_of_queries(client, make_activity, django_assert_max_num_queries):
    for i in range(20):
        make_activity(title=f"Actividad {i}", capacity=10, day=i % 5)
    with django_assert_max_num_queries(6):
        assert client.get("/semana/?q=actividad").status_code == 200


def test_activity_page_has_map_calendar_and_share_links(client, make_activity):
    activity = make_activity(title="Rueda de negocios", commune="06101", type="rueda", capacity=10)
    page = client.get(f"/semana/actividades/{activity.pk}/").content.decode()
    assert "Rueda de negocios" in page
    assert "https://www.openstreetmap.org/?mlat=-34.1" in page  # Rancagua's seat
    assert f"/semana/actividades/{activity.pk}/calendario.ics" in page
    assert "https://wa.me/?text=" in page and "facebook.com/sharer" in page
    assert "10 en total; 10 disponibles" in page


def test_registering_with_the_form_redirects_to_the_registration_page(client, make_activity):
    activity = make_activity(capacity=1)
    response = client.post(
        f"/semana/actividades/{activity.pk}/",
        {"name": "Ana Pérez", "email": "ana@example.cl", "rut": "12.345.678-5", "commune": "06101"},
    )
    registration = Registration.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/semana/inscripciones/{registration.code}/"
    page = client.get(response["Location"]).content.decode()
    assert "Confirmada" in page and "<svg" in page and registration.code in page
    assert "Cancelar mi inscripción" in page


def test_form_errors_are_shown_next_to_the_field_and_nothing_is_saved(client, make_activity):
    activity = make_activity(capacity=1)
    response = client.post(f"/semana/actividades/{activity.pk}/", {"name": "Ana", "email": "ana@", "rut": "1-1"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "no es válido" in page
    assert Registration.objects.count() == 0


def test_full_activity_offers_the_waitlist(client, make_activity, register):
    activity = make_activity(capacity=1)
    register(activity, "a@example.cl")
    page = client.get(f"/semana/actividades/{activity.pk}/").content.decode()
    assert "Inscribirme en la lista de espera" in page
    response = client.post(f"/semana/actividades/{activity.pk}/", {"name": "Beto", "email": "b@example.cl"})
    page = client.get(response["Location"]).content.decode()
    assert "lugar 1 en la lista de espera" in page
    assert "<svg" not in page  # no QR without a seat


def test_past_activity_page_says_so_and_has_no_form(client, make_activity, past_edition):
    activity = make_activity(on_edition=past_edition)
    page = client.get(f"/semana/actividades/{activity.pk}/").content.decode()
    assert "ya se realizó" in page and 'name="email"' not in page


def test_cancelling_from_the_registration_page_promotes_the_next(client, make_activity, register):
    activity = make_activity(capacity=1)
    first = register(activity, "a@example.cl").registration
    second = register(activity, "b@example.cl").registration
    page = client.get(f"/semana/inscripciones/{first.code}/cancelar/").content.decode()
    assert "¿Cancelar su inscripción?" in page
    response = client.post(f"/semana/inscripciones/{first.code}/cancelar/", {"confirmar": "si"})
    assert response.status_code == 302
    assert "Cancelada" in client.get(response["Location"]).content.decode()
    second.refresh_from_db()
    assert second.status == "confirmed"


def test_unknown_registration_page_is_404(client, reference_data):
    assert client.get("/semana/inscripciones/no-existe/").status_code == 404
    assert client.post("/semana/inscripciones/no-existe/cancelar/", {"confirmar": "si"}).status_code == 404


def test_confirmation_email_has_activity_cancel_link_qr_and_ics(
    client, make_activity, mailoutbox, django_capture_on_commit_callbacks
):
    from icalendar import Calendar

    activity = make_activity(title="Taller de exportación", capacity=5)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/semana/actividades/{activity.pk}/", {"name": "Ana", "email": "ana@example.cl"})
    registration = Registration.objects.get()
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["ana@example.cl"]
    assert "Taller de exportación" in message.subject
    assert f"/semana/inscripciones/{registration.code}/" in message.body
    html = message.alternatives[0][0]
    assert 'src="cid:qr-inscripcion"' in html
    kinds = {}
    for part in message.attachments:
        if hasattr(part, "get_content_type"):
            kinds[part.get_content_type()] = part.get_payload(decode=True)
        else:
            kinds[part[2]] = part[1]
    assert kinds["image/png"].startswith(b"\x89PNG")
    calendar = Calendar.from_ical(kinds["text/calendar"])
    assert str(calendar.walk("VEVENT")[0]["SUMMARY"]) == "Taller de exportación"


def test_promotion_sends_an_email_to_the_promoted_person(
    make_activity, register, mailoutbox, django_capture_on_commit_callbacks
):
    from panal.events import services

    activity = make_activity(capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        first = register(activity, "a@example.cl").registration
        register(activity, "b@example.cl")
    assert [m.subject.split(":")[0] for m in mailoutbox] == ["Inscripción confirmada", "Quedó en lista de espera"]
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_registration(code=first.code)
    assert mailoutbox[-1].to == ["b@example.cl"]
    assert mailoutbox[-1].subject.startswith("Se liberó un cupo")


def test_agenda_seat_counts_for_visitors_may_lag_a_few_seconds_but_not_for_staff(
    client, make_activity, register, make_user
):
    activity = make_activity(title="Taller con cupos", capacity=3)
    assert "3 de 3 cupos disponibles" in client.get("/semana/").content.decode()
    register(activity, "a@example.cl")
    assert "3 de 3 cupos disponibles" in client.get("/semana/").content.decode()  # kept for a few seconds
    assert "3 en total; 2 disponibles" in client.get(f"/semana/actividades/{activity.pk}/").content.decode()
    client.force_login(make_user(email="staff@example.cl", role="administrator"))
    assert "2 de 3 cupos disponibles" in client.get("/semana/").content.decode()
