"""`panal purge-expired` anonymises what outlived its purpose; a dry run changes nothing; public figures and open data
are identical before and after."""

import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.utils import timezone

from panal.events.models import Activity, Edition, Registration
from panal.identity.models import LoginAttempt
from panal.privacy.retention import purge_expired

pytestmark = pytest.mark.usefixtures("reference_data")
SANTIAGO = ZoneInfo("America/Santiago")


@pytest.fixture
def old_data(builders):
    from panal.catalog.selectors import get_agency
    from panal.territory.selectors import get_commune, get_region

    call = builders.call()
    builders.project(call, amount=3_500_000, person=builders.person(first_names="Anacleta"))
    builders.project(call, amount=5_000_000, enterprise=builders.cooperative())
    edition = Edition.objects.create(
        slug="s2022",
        year=2022,
        region=get_region("06"),
        name="Semana 2022",
        starts_on=datetime(2022, 11, 7).date(),
        ends_on=datetime(2022, 11, 11).date(),
    )
    start = datetime(2022, 11, 8, 10, tzinfo=SANTIAGO)
    activity = Activity.objects.create(
        edition=edition,
        title="Taller antiguo",
        description="—",
        type="taller",
        agency=get_agency("sercotec"),
        objective="ventas",
        audience="mipymes",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        venue="Biblioteca",
        commune=get_commune("06101"),
        registration_open=True,
    )
    Activity.objects.filter(pk=activity.pk).update(registration_open=True)
    for i in range(3):
        Registration.objects.create(
            activity=activity,
            name=f"Inscrita {i}",
            email=f"p{i}@example.cl",
            email_normalized=f"p{i}@example.cl",
            rut="12345678-5" if i == 0 else "",
            commune=get_commune("06101"),
            status="confirmed",
        )
    LoginAttempt.objects.create(result="ok", run="44444444-4", ip="10.0.0.1")
    LoginAttempt.objects.filter().update(created_at=timezone.now() - timedelta(days=400))
    return activity


def _public(client) -> dict:
    return {
        "grants": client.get("/api/v1/opendata/grants.json").json()["grants"],
        "csv": client.get("/cifras/proyectos.csv").content,
        "cifras": client.get("/cifras/").status_code,
        "semana": sorted(Registration.objects.values_list("activity_id", "status", "commune_id", "checked_in_at")),
    }


def test_purge_anonymises_expired_rows_and_keeps_every_public_figure(client, old_data):
    before = _public(client)
    out = io.StringIO()
    call_command("purge_expired", "--dry-run", stdout=out)
    assert "inscripciones de la Semana: 3" in out.getvalue() and "simulación" in out.getvalue()
    assert Registration.objects.filter(name__startswith="Inscrita ").count() == 3  # dry run: nothing changed
    assert LoginAttempt.objects.count() == 1
    purge_expired(now=timezone.now())
    assert not Registration.objects.filter(name__startswith="Inscrita ").exists()
    assert not Registration.objects.exclude(rut="").exists()
    assert not Registration.objects.filter(email__endswith="@example.cl").exists()
    assert LoginAttempt.objects.count() == 0
    after = _public(client)
    assert after == before
    # Running it again finds nothing more.
    assert dict(purge_expired(now=timezone.now()))["inscripciones de la Semana"] == 0
