"""Check-in only from a set time before an activity starts until it ends; the page says why otherwise, and
certificates exist only for attendance recorded in that window."""

from datetime import timedelta

import pytest

from panal.core.errors import DomainError
from panal.events import selectors, services
from panal.events.certificates import certificate_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def real_window(settings):
    settings.EVENTS_CHECKIN_OPENS_MINUTES_BEFORE = 60


@pytest.fixture
def staff(make_user):
    return make_user(email="equipo@sercotec.cl", role="agency_staff", agency_code="sercotec")


def test_check_in_opens_an_hour_before_the_start_and_closes_at_the_end(staff, make_activity, register):
    activity = make_activity()
    early, on_time, late = (register(activity, f"p{n}@example.cl").registration for n in range(3))
    with pytest.raises(DomainError) as refused:
        services.check_in(
            activity_id=activity.pk, code=early.code, actor=staff, now=activity.starts_at - timedelta(minutes=61)
        )
    assert "se abre el" in refused.value.message
    _, new = services.check_in(
        activity_id=activity.pk, code=on_time.code, actor=staff, now=activity.starts_at - timedelta(minutes=60)
    )
    assert new
    with pytest.raises(DomainError) as refused:
        services.check_in(
            activity_id=activity.pk, code=late.code, actor=staff, now=activity.ends_at + timedelta(seconds=1)
        )
    assert "terminó" in refused.value.message
    late.refresh_from_db()
    assert late.checked_in_at is None


def test_the_check_in_page_says_why_it_is_closed(client, staff, make_activity):
    activity = make_activity()
    client.force_login(staff)
    page = client.get(f"/semana/gestion/actividades/{activity.pk}/asistencia/").content.decode()
    assert "El registro de asistencia de esta actividad se abre el" in page


def test_a_certificate_exists_only_for_attendance_inside_the_window(staff, make_activity, register):
    from panal.events.models import Registration

    activity = make_activity()
    registration = register(activity, "ana@example.cl").registration
    services.check_in(activity_id=activity.pk, code=registration.code, actor=staff, now=activity.starts_at)
    registration.refresh_from_db()
    assert certificate_pdf(registration).startswith(b"%PDF")
    assert selectors.get_certificate(registration.certificate_code) is not None
    # An attendance written outside the window (e.g. edited in the database) gives no certificate.
    Registration.objects.filter(pk=registration.pk).update(checked_in_at=activity.ends_at + timedelta(hours=5))
    registration.refresh_from_db()
    with pytest.raises(DomainError):
        certificate_pdf(registration)
    assert selectors.get_certificate(registration.certificate_code) is None
