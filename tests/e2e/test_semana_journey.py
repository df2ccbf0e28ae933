"""A person registers for an activity from the Semana's agenda; organiser staff check that person in."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from tests.e2e.browser import follow

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def check_in_open_weeks_ahead(settings):
    """The activity is weeks ahead; check-in is opened that early here (its window is tested elsewhere)."""
    settings.EVENTS_CHECKIN_OPENS_MINUTES_BEFORE = 60 * 24 * 365


@pytest.fixture
def activity(reference_data):
    from django.core.cache import cache

    from panal.catalog.selectors import get_agency
    from panal.events.models import Activity, Edition
    from panal.territory.selectors import get_commune, get_region

    cache.clear()  # the agenda keeps rendered pages a few seconds
    start = timezone.localdate() + timedelta(days=10)
    edition = Edition.objects.create(
        slug="semana-e2e",
        year=start.year,
        region=get_region("06"),
        name="Semana de las MiPymes (prueba)",
        starts_on=start,
        ends_on=start + timedelta(days=4),
    )
    starts_at = datetime.combine(start, datetime.min.time(), tzinfo=ZoneInfo("America/Santiago")).replace(hour=10)
    return Activity.objects.create(
        edition=edition,
        title="Taller de ventas por internet",
        description="Taller práctico.",
        type="taller",
        agency=get_agency("sercotec"),
        objective="tecnologia",
        audience="emprendedores",
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=2),
        venue="Biblioteca Municipal",
        commune=get_commune("06101"),
        capacity=2,
    )


def test_register_from_the_agenda_then_staff_check_in(
    live_server, page, browser, assert_accessible, activity, make_user
):
    from panal.events.models import Registration

    # The public agenda, filtered by type with the plain GET form, then the activity page.
    page.goto(f"{live_server.url}/semana/")
    assert_accessible(page)
    page.get_by_label("Tipo").select_option("taller")
    follow(page.get_by_role("button", name="Filtrar"))
    assert_accessible(page)
    follow(page.get_by_role("link", name="Taller de ventas por internet"))
    page.get_by_role("heading", name="Taller de ventas por internet").wait_for()
    assert_accessible(page)

    # Registration without an account; a wrong RUT first, then right.
    page.get_by_label("Nombre y apellido").fill("Carolina Reyes")
    page.get_by_label("Correo electrónico").fill("carolina@example.cl")
    page.get_by_label("RUT (opcional)").fill("12.345.678-9")
    follow(page.get_by_role("button", name="Inscribirme"))
    assert page.get_by_text("dígito verificador incorrecto").is_visible()
    assert Registration.objects.count() == 0
    assert_accessible(page)
    page.get_by_label("RUT (opcional)").fill("12.345.678-5")
    page.get_by_label("Comuna donde vive o trabaja (opcional)").select_option(label="Rancagua")
    follow(page.get_by_role("button", name="Inscribirme"))
    page.get_by_role("heading", name="Su inscripción").wait_for()
    assert page.get_by_text("Su inscripción está confirmada").is_visible()
    assert page.locator("figure.qr svg").count() == 1
    assert_accessible(page)
    registration = Registration.objects.get()
    assert (registration.status, registration.rut, registration.commune_id) == ("confirmed", "12345678-5", "06101")

    # Organiser staff of the same agency log in and check her in by searching her name (no camera needed).
    make_user(email="equipo@sercotec.cl", role="agency_staff", agency_code="sercotec", password="clave-segura-123")
    staff = browser.new_context(locale="es-CL").new_page()
    staff.goto(f"{live_server.url}/cuenta/ingresar/?next=/semana/gestion/actividades/{activity.pk}/asistencia/")
    staff.get_by_label("Correo electrónico").fill("equipo@sercotec.cl")
    staff.get_by_label("Contraseña").fill("clave-segura-123")
    follow(staff.get_by_role("button", name="Ingresar"))
    staff.get_by_role("heading", name="Asistencia: Taller de ventas por internet").wait_for()
    assert_accessible(staff)
    staff.get_by_label("Buscar por nombre, correo o código").fill("reyes")
    follow(staff.get_by_role("button", name="Buscar", exact=True))
    follow(staff.get_by_role("button", name="Registrar asistencia de Carolina Reyes"))
    assert staff.get_by_text("Asistencia registrada: Carolina Reyes.").is_visible()
    assert staff.get_by_text("1 presentes").is_visible()
    assert_accessible(staff)
    registration.refresh_from_db()
    assert registration.checked_in_at is not None and registration.certificate_code

    # Her registration page now offers the certificate; its code verifies publicly.
    page.reload()
    assert page.get_by_role("link", name="Descargar certificado de asistencia (PDF)").is_visible()
    page.goto(f"{live_server.url}/semana/certificados/")
    page.get_by_label("Código de verificación").fill(registration.certificate_code)
    follow(page.get_by_role("button", name="Verificar"))
    assert page.get_by_text("Certificado válido.").is_visible()
    assert_accessible(page)

    # The organiser's edit form is accessible too.
    follow(staff.get_by_role("link", name="Editar actividad").first)
    staff.get_by_role("heading", name="Editar «Taller de ventas por internet»").wait_for()
    assert_accessible(staff)
    staff.go_back()

    # Someone not registered: a clear message, nothing changes.
    staff.get_by_label("Código de inscripción").fill("CODIGO-INVENTADO")
    follow(staff.get_by_role("button", name="Registrar asistencia", exact=True))
    assert staff.get_by_text("la persona no está inscrita").is_visible()
    assert Registration.objects.filter(checked_in_at__isnull=False).count() == 1
    staff.context.close()
