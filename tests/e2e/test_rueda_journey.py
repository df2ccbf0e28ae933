"""A rueda de negocios end to end in the browser: a supplier joins and asks a buyer for a meeting, the buyer
accepts, the organiser schedules and publishes, both see the meeting in their agenda and its .ics parses."""

import pytest

from tests.e2e.browser import follow

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "clave-segura-123"


def sign_in(browser, live_server, email, next_path):
    page = browser.new_context(locale="es-CL", timezone_id="America/Santiago").new_page()
    page.goto(f"{live_server.url}/cuenta/ingresar/?next={next_path}")
    page.get_by_label("Correo electrónico").fill(email)
    page.get_by_label("Contraseña").fill(PASSWORD)
    follow(page.get_by_role("button", name="Ingresar"))
    return page


def test_request_accept_schedule_publish_and_both_see_the_meeting(
    live_server, browser, assert_accessible, reference_data, make_user
):
    from icalendar import Calendar

    from panal.networks.models import Meeting
    from tests.networks.builders import join, make_person_user, make_rueda

    rueda = make_rueda(tables=2)
    join(rueda, "compra@example.cl", "comprador", name=("Bruno", "Compra"), need="Miel envasada para regalos")
    make_person_user("vende@example.cl", first_names="Vera", last_names="Vende")
    make_user(email="equipo@sercotec.cl", role="agency_staff", agency_code="sercotec", password=PASSWORD)

    # The supplier joins from the rueda page, sees the buyer suggested with its reasons, and asks for a meeting.
    seller = sign_in(browser, live_server, "vende@example.cl", f"/ruedas/{rueda.pk}/")
    seller.get_by_role("heading", name="Inscribirme").wait_for()
    assert_accessible(seller)
    seller.get_by_label("Rol").select_option("proveedor")
    seller.get_by_label("Qué ofrece").fill("Miel de ulmo envasada")
    follow(seller.get_by_role("button", name="Inscribirme en la rueda"))
    seller.get_by_role("heading", name="Participantes").wait_for()
    assert seller.get_by_text("ofrece lo que usted busca").count() == 0  # she offers; the buyer's need matches
    assert seller.get_by_text("busca lo que usted ofrece (miel, envasada)").is_visible()
    assert_accessible(seller)
    seller.get_by_label("Mensaje para Bruno Compra (opcional)").fill("Le ofrecemos miel de ulmo")
    follow(seller.get_by_role("button", name="Solicitar reunión con Bruno Compra"))
    assert seller.get_by_text("Solicitud enviada a Bruno Compra.").is_visible()

    # The buyer reads the message and accepts.
    buyer = sign_in(browser, live_server, "compra@example.cl", f"/ruedas/{rueda.pk}/solicitudes/")
    buyer.get_by_role("heading", name="Mis solicitudes").wait_for()
    assert buyer.get_by_text("Le ofrecemos miel de ulmo").is_visible()
    assert_accessible(buyer)
    follow(buyer.get_by_role("button", name="Aceptar reunión con Vera Vende"))
    assert buyer.get_by_text("Usted aceptó la reunión con Vera Vende.").is_visible()

    # The organiser computes the preliminary agenda, then publishes it.
    staff = sign_in(browser, live_server, "equipo@sercotec.cl", f"/ruedas/{rueda.pk}/gestion/")
    staff.get_by_role("heading", name="Gestión de la rueda").wait_for()
    assert_accessible(staff)
    staff.get_by_label("Segundos de cálculo como máximo").fill("5")
    follow(staff.get_by_role("button", name="Calcular agenda preliminar"))
    assert staff.get_by_text("Agenda preliminar: 1 reunión").is_visible()
    follow(staff.get_by_role("button", name="Publicar la agenda final"))
    assert staff.get_by_text("Agenda publicada").first.is_visible()
    assert_accessible(staff)
    meeting = Meeting.objects.get()

    # Both see the meeting in their agenda, and the .ics parses with it.
    for page, other in ((seller, "Bruno Compra"), (buyer, "Vera Vende")):
        page.goto(f"{live_server.url}/ruedas/{rueda.pk}/mi-agenda/")
        page.get_by_role("heading", name="Mi agenda").wait_for()
        row = page.get_by_role("row").filter(has_text=other)
        assert meeting.table in row.inner_text()
        assert_accessible(page)
        response = page.context.request.get(f"{live_server.url}/ruedas/{rueda.pk}/mi-agenda.ics")
        assert response.ok
        events = Calendar.from_ical(response.body()).walk("VEVENT")
        assert [str(e["summary"]) for e in events] == [f"Reunión con {other} · {meeting.table}"]
        assert events[0]["dtstart"].dt == meeting.slot.starts_at
        page.context.close()
    staff.context.close()
