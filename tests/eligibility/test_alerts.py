"""«Avísame»: consent to subscribe, one e-mail per call per subscriber with its reasons, found by the compiled query
(or one answer away), one-click unsubscribe; a revoked subscription hears nothing more."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from panal.core.errors import DomainError
from panal.eligibility import alerts
from panal.eligibility.models import AlertDelivery

from ..applications.conftest import make_applicant, make_call  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_subscribing_needs_consent(make_applicant):  # noqa: F811
    user = make_applicant()
    with pytest.raises(DomainError, match="acepta"):
        alerts.subscribe(actor=user, consent=False)
    first = alerts.subscribe(actor=user, consent=True)
    assert alerts.subscribe(actor=user, consent=True).pk == first.pk
    assert first.consent_version == alerts.CONSENT_VERSION


def test_an_open_call_mails_each_matching_subscriber_once_with_reasons(make_applicant, make_call):  # noqa: F811
    woman, man, unknown = make_applicant(sex="F"), make_applicant(sex="M"), make_applicant(sex="")
    for user in (woman, man, unknown):
        alerts.subscribe(actor=user, consent=True)
    call = make_call()  # Capital Abeja: for women
    assert alerts.send_call_alerts(call.pk) == 2  # the woman qualifies; the unknown one is one answer away
    assert alerts.send_call_alerts(call.pk) == 0  # never twice
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted([woman.email, unknown.email])
    body = next(m for m in mail.outbox if m.to == [woman.email]).body
    assert call.title in body and "sexo registral es femenino" in body and "/avisame/baja/" in body
    assert "List-Unsubscribe" in next(iter(mail.outbox)).extra_headers
    assert AlertDelivery.objects.count() == 2


def test_one_click_unsubscribe_stops_the_alerts(client, make_applicant, make_call):  # noqa: F811
    user = make_applicant(sex="F")
    item = alerts.subscribe(actor=user, consent=True)
    response = client.post(reverse("eligibility:alerts_unsubscribe", args=[item.token]))
    assert response.status_code == 200
    assert client.post(reverse("eligibility:alerts_unsubscribe", args=["no-existe"])).status_code == 404
    assert alerts.send_call_alerts(make_call().pk) == 0


def test_a_call_not_yet_open_sends_nothing(make_applicant, make_call):  # noqa: F811
    alerts.subscribe(actor=make_applicant(sex="F"), consent=True)
    later = make_call(opens_at=timezone.now() + timedelta(days=3), closes_at=timezone.now() + timedelta(days=9))
    assert alerts.send_call_alerts(later.pk) == 0


def test_the_alerts_page_subscribes_and_revokes(client, make_applicant):  # noqa: F811
    user = make_applicant()
    client.force_login(user)
    client.post(reverse("eligibility:alerts"), {"consent": "1"})
    item = alerts.active_subscriptions(user).get()
    client.post(reverse("eligibility:alerts"), {"action": "revoke", "item": item.pk})
    assert not alerts.active_subscriptions(user).exists()


def test_the_scheduled_command_mails_open_calls_once(make_applicant, make_call, django_capture_on_commit_callbacks):  # noqa: F811
    from django.core.management import call_command

    alerts.subscribe(actor=make_applicant(sex="F"), consent=True)
    make_call()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("notify_opened_calls", stdout=open("/dev/null", "w"))  # noqa: SIM115
    with django_capture_on_commit_callbacks(execute=True):
        call_command("notify_opened_calls", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(mail.outbox) == 1
