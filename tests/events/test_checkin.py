"""Check-in by organiser staff (QR URL, typed code, name search), attendance lists, CSV/XLSX exports,
certificates (PDF) and their public verification."""

import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from panal.core.errors import DomainError, PermissionDenied
from panal.events import services
from panal.events.models import Registration


@pytest.fixture
def staff(make_user):
    return make_user(email="equipo@sercotec.cl", role="agency_staff", agency_code="sercotec")


@pytest.fixture
def other_staff(make_user):
    return make_user(email="equipo@corfo.cl", role="agency_staff", agency_code="corfo")


def test_staff_checks_in_by_typed_code_and_gets_a_certificate_code(client, staff, make_activity, register):
    activity = make_activity(capacity=5)
    registration = register(activity, "ana@example.cl", name="Ana Pérez").registration
    client.force_login(staff)
    response = client.post(f"/semana/gestion/actividades/{activity.pk}/asistencia/", {"code": registration.code})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Asistencia registrada: Ana Pérez." in page
    assert "1 presentes" in page
    registration.refresh_from_db()
    assert registration.checked_in_at is not None and registration.checked_in_by == staff
    assert registration.certificate_code


def test_scanned_qr_url_is_accepted_as_the_code(staff, make_activity, register):
    activity = make_activity()
    registration = register(activity, "ana@example.cl").registration
    scanned = f"http://127.0.0.1:8000/semana/asistencia/{registration.code}/"
    checked, new = services.check_in(activity_id=activity.pk, code=scanned, actor=staff)
    assert new and checked.pk == registration.pk


def test_qr_link_opens_a_one_button_check_in_for_staff(client, staff, make_activity, register):
    activity = make_activity()
    registration = register(activity, "ana@example.cl", name="Ana Pérez").registration
    assert client.get(f"/semana/asistencia/{registration.code}/").status_code == 302  # login first
    client.force_login(staff)
    page = client.get(f"/semana/asistencia/{registration.code}/").content.decode()
    assert "Registrar asistencia de Ana Pérez" in page
    client.post(f"/semana/asistencia/{registration.code}/")
    registration.refresh_from_db()
    assert registration.checked_in_at is not None


def test_checking_in_twice_keeps_the_first_time(staff, make_activity, register):
    activity = make_activity()
    registration = register(activity, "ana@example.cl").registration
    first, new = services.check_in(activity_id=activity.pk, code=registration.code, actor=staff)
    again, new_again = services.check_in(activity_id=activity.pk, code=registration.code, actor=staff)
    assert (new, new_again) == (True, False)
    assert again.checked_in_at == first.checked_in_at and again.certificate_code == first.certificate_code


def test_check_in_of_someone_not_registered_is_refused_and_changes_nothing(client, staff, make_activity, register):
    activity = make_activity()
    register(activity, "ana@example.cl")
    client.force_login(staff)
    response = client.post(f"/semana/gestion/actividades/{activity.pk}/asistencia/", {"code": "NOESTA123"})
    assert response.status_code == 400
    assert "no está inscrita" in response.content.decode()
    assert not Registration.objects.filter(checked_in_at__isnull=False).exists()


def test_check_in_of_a_code_from_another_activity_is_refused(staff, make_activity, register):
    mine = make_activity(title="Mía")
    other = make_activity(title="Otra")
    registration = register(other, "ana@example.cl").registration
    with pytest.raises(DomainError, match="es de otra actividad"):
        services.check_in(activity_id=mine.pk, code=registration.code, actor=staff)
    registration.refresh_from_db()
    assert registration.checked_in_at is None


def test_waitlisted_and_cancelled_people_cannot_be_checked_in(staff, make_activity, register):
    activity = make_activity(capacity=1)
    confirmed = register(activity, "a@example.cl").registration
    waiting = register(activity, "b@example.cl").registration
    with pytest.raises(DomainError, match="lista de espera"):
        services.check_in(activity_id=activity.pk, code=waiting.code, actor=staff)
    services.cancel_registration(code=confirmed.code)  # b is promoted; a is cancelled
    with pytest.raises(DomainError, match="fue cancelada"):
        services.check_in(activity_id=activity.pk, code=confirmed.code, actor=staff)
    assert not Registration.objects.filter(checked_in_at__isnull=False).exists()


def test_staff_of_another_agency_cannot_check_in_or_see_the_list(client, other_staff, make_activity, register):
    activity = make_activity(agency="sercotec")
    registration = register(activity, "ana@example.cl").registration
    with pytest.raises(PermissionDenied):
        services.check_in(activity_id=activity.pk, code=registration.code, actor=other_staff)
    client.force_login(other_staff)
    assert client.get(f"/semana/gestion/actividades/{activity.pk}/asistencia/").status_code == 403
    assert client.get(f"/semana/gestion/actividades/{activity.pk}/asistencia.csv").status_code == 403
    assert client.get(f"/semana/asistencia/{registration.code}/").status_code == 403


def test_people_without_a_staff_role_cannot_enter_the_back_office(client, make_user, make_activity):
    applicant = make_user(email="postulante@example.cl", role="applicant")
    activity = make_activity()
    client.force_login(applicant)
    assert client.get("/semana/gestion/").status_code == 403
    assert client.get(f"/semana/gestion/actividades/{activity.pk}/asistencia/").status_code == 403


def test_name_search_finds_the_person_to_check_in(client, staff, make_activity, register):
    activity = make_activity()
    register(activity, "ana@example.cl", name="Ana Pérez")
    register(activity, "beto@example.cl", name="Roberto Soto")
    client.force_login(staff)
    page = client.get(f"/semana/gestion/actividades/{activity.pk}/asistencia/?q=soto").content.decode()
    assert "Roberto Soto" in page and "Ana Pérez" not in page


def test_exports_list_everyone_and_neutralise_formulas(client, staff, make_activity, register):
    activity = make_activity(capacity=1)
    first = register(activity, "ana@example.cl", name='=HYPERLINK("http://x")', rut="12.345.678-5").registration
    register(activity, "beto@example.cl", name="Roberto Soto")
    services.check_in(activity_id=activity.pk, code=first.code, actor=staff)
    client.force_login(staff)

    csv_response = client.get(f"/semana/gestion/actividades/{activity.pk}/asistencia.csv")
    assert csv_response.status_code == 200
    text = csv_response.content.decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert lines[0].startswith("Código (dato personal);Nombre (dato personal);Correo electrónico (dato personal);RUT")
    assert len(lines) == 3
    assert "'=HYPERLINK" in text and "12.345.678-5" in text and "Roberto Soto" in text

    xlsx = client.get(f"/semana/gestion/actividades/{activity.pk}/asistencia.xlsx")
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][:3] == ("Código", "Nombre", "Correo electrónico")
    names = [r[1] for r in rows[2:]]
    assert names == ['=HYPERLINK("http://x")', "Roberto Soto"]
    assert sheet.cell(row=3, column=2).data_type == "s"
    assert [r[8] for r in rows[2:]] == ["Sí", "No"]
    # Personal columns are marked (Ley 21.719): a note on the header and a sheet listing them; Comuna is not.
    headers = {cell.value: cell for cell in sheet[2]}
    assert headers["RUT"].comment.text.startswith("Dato personal") and headers["Comuna"].comment is None
    workbook = load_workbook(io.BytesIO(xlsx.content))
    listed = [r[0] for r in workbook["Datos personales"].iter_rows(min_row=4, values_only=True)]
    assert listed == ["Código", "Nombre", "Correo electrónico", "RUT", "Código de certificado"]


def test_certificate_pdf_names_the_person_and_can_be_verified(client, staff, make_activity, register):
    activity = make_activity(title="Taller de exportación")
    registration = register(activity, "ana@example.cl", name="Ana Pérez Cotapos").registration
    registration, _ = services.check_in(activity_id=activity.pk, code=registration.code, actor=staff)

    response = client.get(f"/semana/inscripciones/{registration.code}/certificado.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 1
    text = " ".join(reader.pages[0].extract_text().split())
    assert "Certificado de asistencia" in text
    assert "Ana Pérez Cotapos" in text and "Taller de exportación" in text
    assert registration.certificate_code in text

    page = client.get(f"/semana/certificados/{registration.certificate_code}/")
    assert page.status_code == 200
    assert "Certificado válido" in page.content.decode() and "Ana Pérez Cotapos" in page.content.decode()
    assert "ana@example.cl" not in page.content.decode()
    by_form = client.get(f"/semana/certificados/?codigo={registration.certificate_code.lower()}")
    assert "Certificado válido" in by_form.content.decode()


def test_no_certificate_without_attendance_and_unknown_codes_do_not_verify(client, make_activity, register):
    activity = make_activity()
    registration = register(activity, "ana@example.cl").registration
    assert client.get(f"/semana/inscripciones/{registration.code}/certificado.pdf").status_code == 404
    response = client.get("/semana/certificados/ABCDEF0123456789/")
    assert response.status_code == 404
    assert "No existe un certificado" in response.content.decode()
