"""Demo content: the 2024 O'Higgins edition (4–8 Nov) and a practice edition where registration works."""

from datetime import date

from django.utils import timezone

from panal.events.demo import load_demo
from panal.events.models import Activity, ActivityType, Edition, Registration


def test_demo_2024_edition_covers_provinces_types_and_services(reference_data):
    summary = load_demo()
    assert "actividades" in summary
    edition = Edition.objects.get(slug="ohiggins-2024")
    assert (edition.starts_on, edition.ends_on, edition.is_sample) == (date(2024, 11, 4), date(2024, 11, 8), True)
    activities = Activity.objects.filter(edition=edition).select_related("commune", "agency")
    assert activities.count() >= 30
    assert {a.commune.province_id for a in activities if a.commune_id} == {"061", "062", "063"}
    assert {a.type for a in activities} == set(ActivityType.values)
    assert {"corfo", "sercotec", "sernatur", "ine", "sernac", "indespa", "sernapesca", "ascc"} <= {
        a.agency.code for a in activities
    }
    assert sum(1 for a in activities if a.capacity is not None and a.capacity <= 10) >= 3
    assert all(
        timezone.localtime(a.starts_at).date() >= edition.starts_on
        and timezone.localtime(a.ends_at).date() <= edition.ends_on
        for a in activities
    )


def test_demo_practice_edition_is_upcoming_and_open(reference_data):
    load_demo()
    practice = Edition.objects.get(slug="practica-inscripcion")
    assert practice.is_sample and practice.starts_on > timezone.localdate()
    assert Activity.objects.filter(edition=practice, registration_open=True).count() >= 5


def test_demo_is_idempotent(reference_data):
    load_demo()
    counts = (Edition.objects.count(), Activity.objects.count(), Registration.objects.count())
    load_demo()
    assert (Edition.objects.count(), Activity.objects.count(), Registration.objects.count()) == counts
