"""Records of processing (published, CSV, checked against the models), notices where data is collected, consents that
are never pre-ticked and whose withdrawal stops the processing, and the incidents' closing rule."""

import csv
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from panal.core.errors import DomainError
from panal.privacy import notices, records, selectors, services
from panal.privacy.models import Incident

pytestmark = pytest.mark.usefixtures("reference_data")


def test_the_records_of_processing_are_published_as_a_page_and_a_csv(client):
    page = client.get("/privacidad/").content.decode()
    for activity in records.ACTIVITIES:
        assert activity.name in page
    response = client.get("/privacidad/registro.csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == len(records.ACTIVITIES)
    assert {"finalidad", "base_de_licitud", "datos_sensibles", "plazo_de_conservacion"} <= set(rows[0])


def test_privacy_check_passes_now_and_fails_when_a_personal_model_is_in_no_entry(monkeypatch):
    out = io.StringIO()
    call_command("privacy_check", stdout=out)
    assert "todos en el registro" in out.getvalue()
    without_events = tuple(a for a in records.ACTIVITIES if a.key != "semana")
    monkeypatch.setattr(records, "ACTIVITIES", without_events)
    with pytest.raises(CommandError, match="events.registration"):
        call_command("privacy_check")


def test_notices_are_shown_where_data_is_collected_and_the_version_is_stored(client, make_user):
    assert notices.version("cuenta") in client.get("/cuenta/crear/").content.decode()
    user = make_user(email="ana@example.cl")
    client.force_login(user)
    form_page = client.get("/mis-datos/editar/").content.decode()
    assert "Aviso de privacidad" in form_page and notices.version("registro") in form_page
    client.post(
        "/mis-datos/editar/",
        {"rut": "12.345.678-5", "first_names": "Ana", "last_names": "Soto", "consent": "on"},
    )
    from panal.registry.selectors import person_for_user

    consent = person_for_user(user).consents.get()
    assert consent.text_version == notices.version("registro")


def test_consent_is_never_pre_ticked_and_withdrawing_it_stops_the_processing(client, make_user):
    user = make_user(email="ana@example.cl")
    client.force_login(user)
    page = client.get("/mis-datos/solicitudes/").content.decode()
    assert 'name="accept"' in page and "checked" not in page
    client.post("/mis-datos/consentimientos/", {"purpose": "encuestas", "action": "give"})  # box not ticked
    assert not selectors.has_consent(user, "encuestas")
    client.post("/mis-datos/consentimientos/", {"purpose": "encuestas", "action": "give", "accept": "on"})
    assert selectors.has_consent(user, "encuestas")
    client.post("/mis-datos/consentimientos/", {"purpose": "encuestas", "action": "withdraw"})
    assert not selectors.has_consent(user, "encuestas")
    with pytest.raises(DomainError):
        services.give_consent(user=user, purpose="registro")  # a legal-function purpose has no consent


def test_an_incident_with_sensitive_minor_or_financial_data_cannot_close_without_notifying(make_user):
    admin = make_user(email="dpd@goreohiggins.cl", role="administrator")
    incident = Incident.objects.create(
        detected_at=timezone.now(),
        nature="Planilla con RUT enviada a un destinatario equivocado",
        data_categories="RUT, ventas",
        people_affected=40,
        risk="alto",
        involves_financial=True,
        created_by=admin,
    )
    with pytest.raises(DomainError, match="notificó"):
        services.close_incident(incident=incident, actor=admin)
    with pytest.raises(IntegrityError), transaction.atomic():
        Incident.objects.filter(pk=incident.pk).update(closed_at=timezone.now())
    Incident.objects.filter(pk=incident.pk).update(people_notified_at=timezone.now())
    assert services.close_incident(incident=incident, actor=admin).closed_at is not None


def test_administrators_record_notify_and_close_incidents_from_the_register(client, make_user):
    admin = make_user(email="dpd@goreohiggins.cl", role="administrator")
    client.force_login(make_user(email="f@sercotec.cl", role="agency_staff", agency_code="sercotec"))
    assert client.get("/privacidad/incidentes/").status_code == 403
    client.force_login(admin)
    client.post(
        "/privacidad/incidentes/",
        {
            "action": "record",
            "detected_at": "2026-12-01T09:30",
            "nature": "Correo con planilla de postulantes al destinatario equivocado",
            "data_categories": "RUT, ventas",
            "people_affected": "40",
            "risk": "alto",
            "involves_financial": "on",
        },
    )
    incident = Incident.objects.get()
    refused = client.post("/privacidad/incidentes/", {"action": "close", "incident": incident.pk}, follow=True)
    assert "notificó" in refused.content.decode()
    incident.refresh_from_db()
    assert incident.closed_at is None
    client.post(
        "/privacidad/incidentes/",
        {"action": "close", "incident": incident.pk, "people_notified_at": "2026-12-02T10:00"},
    )
    incident.refresh_from_db()
    assert incident.people_notified_at is not None and incident.closed_at is not None
