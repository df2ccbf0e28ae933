"""Hole 1: an e-mail address is not enough to reach someone's Semana registration (its code lets its holder see
the name and QR, download the certificate and cancel)."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from panal.events.models import Notification, Registration

pytestmark = pytest.mark.django_db


def api_register(client, activity_id, email, name="Intruso", **headers):
    return client.post(
        f"/api/v1/activities/{activity_id}/registrations",
        json.dumps({"name": name, "email": email}),
        content_type="application/json",
        **headers,
    )


def test_repeating_someones_email_in_the_api_gives_no_code_and_mails_the_owner(
    client, make_activity, mailoutbox, django_capture_on_commit_callbacks
):
    activity = make_activity(capacity=10)
    with django_capture_on_commit_callbacks(execute=True):
        owner = api_register(client, activity.pk, "victima@example.cl", name="Víctima")
    code = owner.json()["code"]
    mailoutbox.clear()
    # the owner registered yesterday (a link e-mailed minutes ago is not sent again at once)
    Notification.objects.update(created_at=timezone.now() - timedelta(days=1))

    with django_capture_on_commit_callbacks(execute=True):
        attacker = api_register(client, activity.pk, "VICTIMA@example.cl")
    assert attacker.status_code == 200
    assert attacker.json() == {"code": None, "status": "already_registered", "position": None}
    assert code not in attacker.content.decode()
    # the link goes to the owner's own address, and only there
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["victima@example.cl"]
    assert code in mailoutbox[0].body
    # a second try in the same minutes does not flood the owner's inbox
    with django_capture_on_commit_callbacks(execute=True):
        api_register(client, activity.pk, "victima@example.cl")
    assert len(mailoutbox) == 1
    assert Registration.objects.get(code=code).status == "confirmed"


def test_a_retry_with_the_same_idempotency_key_gets_the_original_answer(client, make_activity):
    activity = make_activity(capacity=10)
    key = {"HTTP_IDEMPOTENCY_KEY": "3f1c2b9e-retry-0001"}
    first = api_register(client, activity.pk, "ana@example.cl", **key)
    assert first.status_code == 201
    retry = api_register(client, activity.pk, "ana@example.cl", **key)
    assert retry.status_code == 201 and retry.json() == first.json()
    # the key alone, or the e-mail with another key, reveals nothing
    other_key = api_register(client, activity.pk, "ana@example.cl", HTTP_IDEMPOTENCY_KEY="guessed-key-0002")
    assert other_key.json()["code"] is None
    other_email = api_register(client, activity.pk, "beto@example.cl", **key)
    assert other_email.status_code == 201 and other_email.json()["code"] != first.json()["code"]


def test_repeating_someones_email_in_the_form_never_shows_their_registration(client, make_activity, register):
    activity = make_activity(capacity=10)
    victim = register(activity, "victima@example.cl", name="Rosa Víctima").registration
    response = client.post(f"/semana/actividades/{activity.pk}/", {"name": "Intruso", "email": "victima@example.cl"})
    assert response.status_code == 302
    assert victim.code not in response["Location"]
    page = client.get(response["Location"]).content.decode()
    assert victim.code not in page and "Rosa Víctima" not in page
    assert "Le enviamos de nuevo el enlace" in page


def test_cancelling_in_html_asks_for_confirmation_first(client, make_activity, register):
    activity = make_activity(capacity=10)
    registration = register(activity, "ana@example.cl").registration
    # the registration page itself no longer cancels on a bare POST
    assert client.post(f"/semana/inscripciones/{registration.code}/").status_code == 405
    # opening the cancel link (a mail scanner, a misclick) changes nothing
    page = client.get(f"/semana/inscripciones/{registration.code}/cancelar/")
    assert page.status_code == 200 and "¿Cancelar su inscripción?" in page.content.decode()
    client.post(f"/semana/inscripciones/{registration.code}/cancelar/")
    registration.refresh_from_db()
    assert registration.status == "confirmed"
    client.post(f"/semana/inscripciones/{registration.code}/cancelar/", {"confirmar": "si"})
    registration.refresh_from_db()
    assert registration.status == "cancelled"
