"""Hole 13: anonymous writes are throttled per client and per activity in a cache all workers share (429 with
Retry-After and a Spanish message), and the JSON API refuses cross-site `text/plain` writes."""

import json

import pytest

from panal.events.models import Registration

pytestmark = pytest.mark.django_db


@pytest.fixture
def rate_limits(settings):
    settings.RATELIMIT_ENABLE = True
    settings.PANAL_RATE_LIMITS = {
        "anonymous-write": "30/m",
        "api-token-write": "300/m",
        "registration-client": "5/10m",
        "registration-activity": "8/m",
    }


def register(client, activity_id, n, address="203.0.113.7"):
    return client.post(
        f"/api/v1/activities/{activity_id}/registrations",
        json.dumps({"name": f"Falsa {n}", "email": f"falsa{n}@example.cl"}),
        content_type="application/json",
        REMOTE_ADDR=address,
    )


def test_one_client_cannot_fill_an_activity_with_invented_emails(client, make_activity, rate_limits):
    activity = make_activity(capacity=20)
    answers = [register(client, activity.pk, n) for n in range(20)]
    assert [a.status_code for a in answers[:5]] == [201] * 5
    refused = answers[5]
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "Demasiadas solicitudes" in refused.json()["detail"]
    assert Registration.objects.filter(activity=activity).count() == 5


def test_many_clients_together_cannot_fill_an_activity_instantly(client, make_activity, rate_limits):
    activity = make_activity(capacity=20)
    statuses = [register(client, activity.pk, n, address=f"198.51.100.{n}").status_code for n in range(20)]
    assert statuses.count(201) == 8 and statuses.count(429) == 12


def test_the_registration_form_is_throttled_too_with_a_spanish_page(client, make_activity, rate_limits):
    activity = make_activity(capacity=20)
    for n in range(5):
        client.post(f"/semana/actividades/{activity.pk}/", {"name": "A", "email": f"a{n}@example.cl"})
    page = client.post(f"/semana/actividades/{activity.pk}/", {"name": "A", "email": "a9@example.cl"})
    assert page.status_code == 429 and "Retry-After" in page
    assert "Demasiadas solicitudes" in page.content.decode()


def test_anonymous_writes_are_throttled_per_client_everywhere(client, reference_data, rate_limits):
    # the password-reset form sends an e-mail for every POST: a cheap way to flood someone's inbox
    statuses = [client.post("/cuenta/recuperar/", {"email": "x@example.cl"}).status_code for _ in range(31)]
    assert statuses[-1] == 429 and 429 not in statuses[:30]
    # another address is not affected
    other = client.post("/cuenta/recuperar/", {"email": "x@example.cl"}, REMOTE_ADDR="192.0.2.1")
    assert other.status_code != 429


def test_the_counters_live_in_a_cache_every_worker_shares(settings):
    from django.core.cache import caches

    backend = caches[settings.RATELIMIT_USE_CACHE]
    assert "Database" in type(backend).__name__  # not per-process memory
    backend.add("k", 0)
    assert [backend.incr("k") for _ in range(3)] == [1, 2, 3]


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded"])
def test_the_api_refuses_cross_site_form_writes(client, make_activity, content_type):
    activity = make_activity(capacity=20)
    body = json.dumps({"name": "Ana", "email": "ana@example.cl"})
    response = client.post(f"/api/v1/activities/{activity.pk}/registrations", body, content_type=content_type)
    assert response.status_code == 415
    assert "application/json" in response.json()["detail"]
    assert not Registration.objects.exists()


def test_production_refuses_to_start_with_rate_limits_off():
    import subprocess
    import sys

    code = "import panal.settings"
    env = {
        "PANAL_ENV": "production",
        "PANAL_RATELIMIT": "off",
        "SECRET_KEY": "Zq8-" + "".join(chr(65 + (i * 7) % 26) for i in range(60)),
        "PATH": "/usr/bin:/bin",
    }
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False)
    assert done.returncode != 0 and "PANAL_RATELIMIT" in done.stderr
