"""Builders for the Semana's tests: an edition, activities in it, registrations through the real services."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

SANTIAGO = ZoneInfo("America/Santiago")


@pytest.fixture(autouse=True)
def check_in_open_for_upcoming_activities(settings):
    """Test activities happen weeks ahead; tests of other behaviour open check-in that early (the window itself is
    tested in test_checkin_window.py with its real default)."""
    settings.EVENTS_CHECKIN_OPENS_MINUTES_BEFORE = 60 * 24 * 365


@pytest.fixture(autouse=True)
def fresh_agenda_cache():
    """The agenda keeps rendered pages for visitors a few seconds; each test starts without them."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def edition(reference_data):
    from panal.events.models import Edition
    from panal.territory.selectors import get_region

    today = timezone.localdate()
    start = today + timedelta(days=14)
    return Edition.objects.create(
        slug="prueba",
        year=start.year,
        region=get_region("06"),
        name="Semana de prueba",
        motto="Lema de prueba",
        starts_on=start,
        ends_on=start + timedelta(days=4),
    )


@pytest.fixture
def past_edition(reference_data):
    from panal.events.models import Edition
    from panal.territory.selectors import get_region

    return Edition.objects.create(
        slug="pasada",
        year=2024,
        region=get_region("06"),
        name="Semana 2024",
        starts_on=date(2024, 11, 4),
        ends_on=date(2024, 11, 8),
    )


@pytest.fixture
def make_activity(edition):
    from panal.catalog.selectors import get_agency
    from panal.events.models import Activity
    from panal.territory.selectors import get_commune

    def make(
        *,
        title="Taller de comercio electrónico",
        capacity=None,
        agency="sercotec",
        commune="06101",
        type="taller",  # noqa: A002
        objective="ventas",
        audience="mipymes",
        day=0,
        hour=10,
        on_edition=None,
        registration_open=True,
        venue="Biblioteca Municipal",
    ):
        on = on_edition or edition
        starts_at = datetime.combine(on.starts_on + timedelta(days=day), datetime.min.time(), tzinfo=SANTIAGO)
        starts_at = starts_at.replace(hour=hour)
        return Activity.objects.create(
            edition=on,
            title=title,
            description="Descripción de la actividad.",
            type=type,
            agency=get_agency(agency),
            objective=objective,
            audience=audience,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=2),
            venue=venue,
            commune=get_commune(commune) if commune else None,
            online_url="" if commune else "https://example.cl/en-vivo",
            capacity=capacity,
            registration_open=registration_open,
        )

    return make


@pytest.fixture
def register():
    from panal.events import services

    def do(activity, email, name="Persona de Prueba", **extra):
        return services.register(activity_id=activity.pk, name=name, email=email, **extra)

    return do
