"""Issue 10, hole 5: a RUT typed by an account holder is a claim. It never merges with, links to or reveals a registry
record created by staff or an import; the form answers the same whether the RUT exists or not; only a verified
identity (staff verification, audited, or ClaveÚnica) binds an account to a registry person; conflicts are queued."""

import json
import re

import pytest

from panal.core.models import AuditEntry
from panal.registry import services
from panal.registry.imports import run_import
from panal.registry.models import Person

pytestmark = pytest.mark.usefixtures("reference_data")

VICTIM_RUT = "12.345.678-5"
PEOPLE_HEADER = "rut;nombres;apellidos;fecha_nacimiento;sexo;nacionalidad;comuna"


def _declare(client, rut, first="Mala", last="Persona"):
    return client.post(
        "/mis-datos/editar/",
        {"rut": rut, "first_names": first, "last_names": last, "commune": "06101", "consent": "on"},
    )


@pytest.fixture
def attacker(client, make_user):
    user = make_user(email="atacante@example.cl", role="applicant")
    client.force_login(user)
    return user


def test_a_later_import_of_a_declared_rut_never_reaches_the_account_that_declared_it(client, attacker):
    assert _declare(client, VICTIM_RUT).status_code == 302
    # Staff later import the real person's record, with data the attacker must not see.
    csv = f"{PEOPLE_HEADER}\n{VICTIM_RUT};Ana María;Soto Pérez;1961-07-02;F;CL;Pichilemu\n".encode()
    result = run_import(kind="people", data=csv, filename="personas.csv")
    assert result.created == 1 and result.updated == 0
    real = Person.objects.get(rut="12345678-5")
    assert real.user is None and real.first_names == "Ana María"
    download = client.get("/mis-datos/descargar.json")
    text = download.content.decode()
    assert "Ana María" not in text and "1961-07-02" not in text
    assert json.loads(text)["persona"]["rut_verificado"] is False
    page = client.get("/mis-datos/").content.decode()
    assert "Ana María" not in page and "Pichilemu" not in page
    assert "sin verificar" in page


def test_declaring_a_rut_answers_the_same_whether_the_registry_has_it_or_not(client, make_user):
    services.create_person(rut=VICTIM_RUT, first_names="Ana", last_names="Soto", birth_date="1961-07-02")
    answers = []
    for email, rut in (("uno@example.cl", VICTIM_RUT), ("dos@example.cl", "11.111.111-1")):
        client.force_login(make_user(email=email, role="applicant"))
        response = _declare(client, rut)
        follow = client.get(response["Location"])
        # Only the RUT itself differs between the two pages.
        page = follow.content.decode().replace("12.345.678-5", "RUT").replace("11.111.111-1", "RUT")
        page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)
        answers.append((response.status_code, response["Location"], page.replace(email, "CORREO")))
    assert answers[0] == answers[1]
    real = Person.objects.get(rut="12345678-5")
    assert real.user is None and real.first_names == "Ana"  # neither linked nor changed


def test_staff_creating_or_searching_the_rut_never_links_the_declared_account(client, attacker, make_user):
    _declare(client, VICTIM_RUT)
    staff = make_user(email="funcionaria@sercotec.cl", role="agency_staff", agency_code="sercotec")
    real = services.create_person(rut=VICTIM_RUT, first_names="Ana", last_names="Soto", actor=staff)
    assert real.user is None
    declared = Person.objects.get(user=attacker)
    assert declared.rut is None and declared.declared_rut == "12345678-5"
    # A Semana registration or any RUT look-up finds only the registry record.
    from panal.registry.selectors import get_person_by_rut

    assert get_person_by_rut(VICTIM_RUT) == real


def test_the_conflict_waits_in_the_staff_queue_until_a_verified_identity_binds_it(client, attacker, make_user):
    _declare(client, VICTIM_RUT)
    real = services.create_person(rut=VICTIM_RUT, first_names="Ana", last_names="Soto")
    staff = make_user(email="funcionaria@sercotec.cl", role="agency_staff", agency_code="sercotec")
    client.force_login(staff)
    queue = client.get("/registro/identidades/").content.decode()
    assert "12.345.***-*" in queue and "atacante@example.cl" in queue
    # Linking without saying how the identity was verified is refused and changes nothing.
    refused = client.post(f"/registro/personas/{real.pk}/cuenta/", {"email": "atacante@example.cl"})
    assert refused.status_code == 200
    real.refresh_from_db()
    assert real.user is None
    # The real owner (here: the same account, after showing her ID card) is bound with an audit entry.
    done = client.post(
        f"/registro/personas/{real.pk}/cuenta/",
        {"email": "atacante@example.cl", "reason": "cédula a la vista, oficina Rancagua"},
    )
    assert done.status_code == 302
    real.refresh_from_db()
    assert real.user == attacker and real.identity_verified_via == "staff"
    entry = AuditEntry.objects.get(action="registry.person.identity_verified", object_id=str(real.pk))
    assert entry.actor == staff and "cédula" in entry.reason
    assert not Person.objects.filter(rut__isnull=True).exists()  # the declared record was superseded
    assert "12.345.***-*" not in client.get("/registro/identidades/").content.decode()


def test_an_unverified_link_gives_way_to_a_verified_identity(make_user):
    legacy = make_user(email="legado@example.cl", role="applicant")
    owner = make_user(email="duena@example.cl", role="applicant")
    real = services.create_person(rut=VICTIM_RUT, first_names="Ana", last_names="Soto", user=legacy)
    person, status = services.verify_identity(user=owner, rut=VICTIM_RUT, method="claveunica")
    assert status == services.LINKED and person == real
    real.refresh_from_db()
    assert real.user == owner and real.identity_verified_via == "claveunica"
    assert AuditEntry.objects.filter(action="registry.person.user_unlinked", object_id=str(real.pk)).exists()
    # Once verified, another account cannot take it, not even through staff.
    from panal.core.errors import DomainError

    with pytest.raises(DomainError):
        services.verify_identity(user=legacy, rut=VICTIM_RUT, method="staff")


def test_staff_lists_mask_the_rut_and_revealing_it_is_audited(client, make_user):
    staff = make_user(email="funcionaria@sercotec.cl", role="agency_staff", agency_code="sercotec")
    ana = services.create_person(rut=VICTIM_RUT, first_names="Ana", last_names="Soto")
    client.force_login(staff)
    listing = client.get("/registro/", {"q": "soto"}).content.decode()
    assert "12.345.***-*" in listing and "12.345.678-5" not in listing
    detail = client.get(f"/registro/personas/{ana.pk}/").content.decode()
    assert "12.345.678-5" not in detail
    assert client.get(f"/registro/personas/{ana.pk}/rut/").status_code == 405
    revealed = client.post(f"/registro/personas/{ana.pk}/rut/").content.decode()
    assert "12.345.678-5" in revealed
    entry = AuditEntry.objects.get(action="registry.person.rut_revealed")
    assert entry.actor == staff and entry.object_id == str(ana.pk)


def test_records_people_created_about_themselves_before_this_fix_become_declared(make_user):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("panal.registry.migrations.0003_self_created_people_become_declared")
    claimer = make_user(email="antes@example.cl", role="applicant")
    claimed = services.create_person(rut=VICTIM_RUT, first_names="X", last_names="Y", user=claimer, actor=claimer)
    staff = make_user(email="funcionaria@sercotec.cl", role="agency_staff", agency_code="sercotec")
    owner = make_user(email="duena@example.cl", role="applicant")
    linked = services.create_person(rut="11.111.111-1", first_names="Ana", last_names="Soto", user=owner, actor=staff)
    migration.forwards(apps, None)
    claimed.refresh_from_db()
    linked.refresh_from_db()
    assert claimed.rut is None and claimed.declared_rut == "12345678-5"
    assert linked.rut == "11111111-1"  # created by staff: stays a registry record
