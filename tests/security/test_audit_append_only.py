"""Hole 11: the audit log is append-only in the database (a trigger refuses UPDATE and DELETE, on PostgreSQL and
SQLite), and refused requests go to a rate-limited security log instead of one audit row each."""

import pytest
from django.db import DatabaseError, connection, transaction

from panal.core import audit
from panal.core.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(make_user):
    return audit.record(actor=make_user(), action="prueba.creada", object_type="prueba", object_id=1, after={"a": 1})


def test_queryset_update_of_the_audit_log_is_refused_by_the_database(entry):
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(action="prueba.reescrita")
    assert AuditEntry.objects.get(pk=entry.pk).action == "prueba.creada"


def test_queryset_delete_of_the_audit_log_is_refused_by_the_database(entry):
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_raw_sql_cannot_rewrite_the_audit_log_either(entry):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditentry SET reason = 'borrado' WHERE id = %s", [entry.pk])
    assert AuditEntry.objects.get(pk=entry.pk).reason == ""


def test_refused_requests_are_not_audit_rows_but_a_rate_limited_security_log(client, make_user, security_log):
    client.force_login(make_user(email="postulante@example.cl"))
    before = AuditEntry.objects.count()
    statuses = {client.get("/registro/").status_code for _ in range(50)}
    assert statuses == {403}
    assert AuditEntry.objects.count() == before
    assert 1 <= security_log("rechazada 403 GET /registro/") <= 10  # logged, but one client cannot flood the log


def test_staff_reading_a_persons_data_is_recorded(client, make_user, reference_data):
    from panal.registry.services import create_person

    person = create_person(rut="12.345.678-5", first_names="Rosa", last_names="Pérez", commune="06101")
    staff = make_user(email="funcionaria@sercotec.cl", role="agency_staff", agency_code="sercotec")
    client.force_login(staff)
    assert client.get(f"/registro/personas/{person.pk}/").status_code == 200
    read = AuditEntry.objects.get(action="registry.person.read")
    assert read.actor == staff and read.object_id == str(person.pk)
