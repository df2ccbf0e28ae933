"""Back office (search, view, audited edit, import with report then confirm) and a person's own data page."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from panal.core.models import AuditEntry
from panal.registry import services
from panal.registry.models import ImportBatch, Person

pytestmark = pytest.mark.usefixtures("reference_data")


@pytest.fixture
def staff(client, make_user):
    user = make_user(email="funcionaria@sercotec.cl", role="agency_staff", agency_code="sercotec")
    client.force_login(user)
    return user


@pytest.fixture
def ana():
    return services.create_person(
        rut="12.345.678-5", first_names="Ana", last_names="Soto Pérez", commune="Pichilemu", birth_date="1988-03-14"
    )


def test_search_finds_a_person_by_rut_with_or_without_dots_and_by_name(client, staff, ana):
    for text in ("12.345.678-5", "12345678-5", "123456785", "12.345.678", "soto"):
        page = client.get("/registro/", {"q": text, "kind": "people"}).content.decode()
        assert "Ana Soto Pérez" in page, text
    assert "Ana Soto Pérez" not in client.get("/registro/", {"q": "11.111.111-1", "kind": "people"}).content.decode()
    by_commune = client.get("/registro/", {"commune": "06101", "kind": "people"}).content.decode()
    assert "Ana Soto Pérez" not in by_commune


def test_applicants_and_anonymous_cannot_open_the_back_office(client, make_user, ana):
    assert client.get("/registro/").status_code == 302  # to login
    client.force_login(make_user(email="postulante@example.cl", role="applicant"))
    assert client.get("/registro/").status_code == 403
    assert client.get(f"/registro/personas/{ana.pk}/").status_code == 403


def test_staff_edit_is_saved_and_written_to_the_audit_log_with_reason(client, staff, ana):
    form = {
        "rut": "12.345.678-5",
        "first_names": "Ana María",
        "last_names": "Soto Pérez",
        "commune": "06101",
        "birth_date": "1988-03-14",
        "reason": "llamó para corregir su nombre",
    }
    response = client.post(f"/registro/personas/{ana.pk}/editar/", form)
    assert response.status_code == 302
    ana.refresh_from_db()
    assert (ana.first_names, ana.commune_id) == ("Ana María", "06101")
    entry = AuditEntry.objects.filter(action="registry.person.updated").get()
    assert entry.before == {"first_names": "Ana", "commune": "06201"}
    assert entry.after == {"first_names": "Ana María", "commune": "06101"}
    assert entry.actor == staff and entry.reason == "llamó para corregir su nombre"
    page = client.get(f"/registro/personas/{ana.pk}/").content.decode()
    assert "llamó para corregir su nombre" in page


def test_staff_edit_with_a_future_birth_date_shows_the_error_and_changes_nothing(client, staff, ana):
    form = {
        "rut": "12.345.678-5",
        "first_names": "Ana",
        "last_names": "Soto",
        "birth_date": "2999-01-01",
        "reason": "x",
    }
    response = client.post(f"/registro/personas/{ana.pk}/editar/", form)
    assert response.status_code == 200
    assert "está en el futuro" in response.content.decode()
    ana.refresh_from_db()
    assert ana.last_names == "Soto Pérez"
    assert not AuditEntry.objects.filter(action="registry.person.updated").exists()


def test_enterprise_year_figures_derive_size_on_the_page(client, staff):
    firm = services.create_enterprise(rut="76.123.456-0", legal_name="Panadería Soto SpA", commune="Rancagua")
    response = client.post(
        f"/registro/empresas/{firm.pk}/cifras/",
        {"year": "2023", "sales_uf": "3000", "employees": "5", "wages_clp": "42000000", "reason": "balance 2023"},
    )
    assert response.status_code == 302
    page = client.get(f"/registro/empresas/{firm.pk}/").content.decode()
    assert "Pequeña" in page and "$42.000.000" in page and "tramo SII 5" in page


def test_import_from_the_back_office_shows_report_then_imports_only_on_confirm(client, staff):
    content = (
        "rut;nombres;apellidos;comuna\n12.345.678-5;Ana;Soto;PICHILEMU\n11.111.111-1;Juan;Rojas;Atlántida\n"
    ).encode()
    upload = SimpleUploadedFile("personas.csv", content, content_type="text/csv")
    response = client.post("/registro/importar/", {"kind": "people", "file": upload})
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    report = client.get(response["Location"]).content.decode()
    assert "Atlántida" in report and "no existe" in report
    assert not Person.objects.exists()
    client.post(f"/registro/importar/{batch.pk}/confirmar/", {"action": "confirm"})
    assert list(Person.objects.values_list("rut", flat=True)) == ["12345678-5"]
    # A second confirmation (double click, retried request) imports nothing more and says so.
    again = client.post(f"/registro/importar/{batch.pk}/confirmar/", {"action": "confirm"}, follow=True)
    assert "no se puede confirmar" in again.content.decode()
    assert Person.objects.count() == 1
    batch.refresh_from_db()
    assert batch.status == "imported"


def test_a_person_creates_sees_corrects_and_downloads_their_own_data(client, make_user):
    user = make_user(email="ana@example.cl", role="applicant")
    client.force_login(user)
    assert client.get("/mis-datos/")["Location"] == "/mis-datos/editar/"
    form = {"rut": "12.345.678-5", "first_names": "Ana", "last_names": "Soto", "commune": "06201", "sex": "F"}
    refused = client.post("/mis-datos/editar/", form)
    assert "debe aceptar" in refused.content.decode() and not Person.objects.exists()
    assert client.post("/mis-datos/editar/", {**form, "consent": "on"}).status_code == 302
    person = Person.objects.get()
    assert person.user == user and person.consents.count() == 1
    assert "Pichilemu" in client.get("/mis-datos/").content.decode()
    client.post(
        "/mis-datos/editar/", {"first_names": "Ana", "last_names": "Soto Pérez", "commune": "06101", "sex": "F"}
    )
    person.refresh_from_db()
    # The RUT she typed stays a declared one (not the registry's) until her identity is verified.
    assert person.last_names == "Soto Pérez" and person.rut is None and person.declared_rut == "12345678-5"
    download = client.get("/mis-datos/descargar.json")
    assert download["Content-Type"].startswith("application/json")
    data = json.loads(download.content)
    assert data["persona"]["rut"] == "12345678-5" and data["persona"]["comuna"]["nombre"] == "Rancagua"
    assert data["consentimientos"][0]["version_texto"]
    assert any(
        change["despues"] == {"last_names": "Soto Pérez", "commune": "06101"} for change in data["historial_de_cambios"]
    )


def test_someone_cannot_claim_a_rut_already_in_the_registry(client, make_user, ana):
    client.force_login(make_user(email="otra@example.cl", role="applicant"))
    form = {"rut": "12.345.678-5", "first_names": "Otra", "last_names": "Persona", "consent": "on"}
    client.post("/mis-datos/editar/", form)
    ana.refresh_from_db()
    assert ana.user is None and ana.first_names == "Ana"
    assert "Ana" not in client.get("/mis-datos/").content.decode().split("<h1>")[1]


def test_staff_link_an_applicant_account_and_a_legal_representative(client, staff, ana, make_user):
    applicant = make_user(email="ana@example.cl", role="applicant")
    firm = services.create_enterprise(rut="76.123.456-0", legal_name="Panadería Soto SpA")
    linked = client.post(
        f"/registro/personas/{ana.pk}/cuenta/", {"email": "ANA@example.cl", "reason": "cédula a la vista"}
    )
    assert linked.status_code == 302
    ana.refresh_from_db()
    assert ana.user == applicant
    missing = client.post(f"/registro/empresas/{firm.pk}/vincular/", {"rut": "11.111.111-1", "role": "gerente"})
    assert "No hay una persona con ese RUT" in missing.content.decode()
    client.post(f"/registro/empresas/{firm.pk}/vincular/", {"rut": "12.345.678-5", "role": "representante_legal"})
    firm.refresh_from_db()
    assert firm.legal_representative == ana
    # The applicant now sees the firm among the ones they represent, and its profile uses Ana's data.
    client.force_login(applicant)
    assert "Panadería Soto SpA" in client.get("/mis-datos/").content.decode()
