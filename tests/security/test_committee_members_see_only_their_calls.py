"""Issue 10, hole 7, closed as a class: a committee account reads only applications, committee pages, sessions
and actas of calls whose sessions it belongs to (and only the sessions it sits on); anything else is a 404."""

from datetime import timedelta

import pytest
from django.utils import timezone

from panal.applications import services
from tests.applications.conftest import (  # noqa: F401  (fixtures)
    _media_in_tmp_and_fast_passwords,
    complete_draft,
    make_applicant,
    make_call,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(make_call, complete_draft, make_user):  # noqa: F811  (fixtures imported above)
    staff = make_user(email="analista@sercotec.cl", role="agency_staff", agency_code="sercotec")
    mine_member = make_user(email="cer-a@gore.cl", role="committee_member")
    other_member = make_user(email="cer-b@gore.cl", role="committee_member")
    idle_member = make_user(email="cer-sin-sesion@gore.cl", role="committee_member")
    calls, applications, sessions = [], [], []
    for member in (mine_member, other_member):
        call = make_call()
        application, applicant = complete_draft(call=call)
        services.submit_application(application=application, actor=applicant)
        sessions.append(
            services.create_session(
                call=call, actor=staff, held_at=timezone.now() + timedelta(days=2), quorum=1, members=[member]
            )
        )
        calls.append(call)
        applications.append(application)
    return {
        "member": mine_member,
        "idle": idle_member,
        "calls": calls,
        "applications": applications,
        "sessions": sessions,
        "staff": staff,
    }


def test_a_member_opens_applications_of_their_calls_only(client, world):
    client.force_login(world["member"])
    own, foreign = world["applications"]
    assert client.get(f"/postulaciones/gestion/{own.pk}/").status_code == 200
    assert client.get(f"/postulaciones/gestion/{foreign.pk}/").status_code == 404


def test_a_member_without_sessions_opens_no_application(client, world):
    client.force_login(world["idle"])
    for application in world["applications"]:
        assert client.get(f"/postulaciones/gestion/{application.pk}/").status_code == 404
    for call in world["calls"]:
        assert client.get(f"/postulaciones/comite/{call.code}/").status_code == 404


def test_a_member_reads_only_the_committee_sessions_and_actas_they_sit_on(client, world):
    client.force_login(world["member"])
    own_call, foreign_call = world["calls"]
    own_session, foreign_session = world["sessions"]
    assert client.get(f"/postulaciones/comite/{own_call.code}/").status_code == 200
    assert client.get(f"/postulaciones/comite/{foreign_call.code}/").status_code == 404
    assert client.get(f"/postulaciones/comite/sesion/{own_session.pk}/").status_code == 200
    assert client.get(f"/postulaciones/comite/sesion/{foreign_session.pk}/").status_code == 404
    assert client.get(f"/postulaciones/comite/sesion/{foreign_session.pk}/acta.pdf").status_code == 404


def test_a_second_session_of_the_same_call_stays_closed_to_a_member_not_in_it(client, world, make_user):
    other = make_user(email="cer-c@gore.cl", role="committee_member")
    call = world["calls"][0]
    hidden = services.create_session(
        call=call, actor=world["staff"], held_at=timezone.now() + timedelta(days=5), quorum=1, members=[other]
    )
    client.force_login(world["member"])
    assert client.get(f"/postulaciones/comite/sesion/{hidden.pk}/").status_code == 404
    page = client.get(f"/postulaciones/comite/{call.code}/").content.decode()
    assert f"/postulaciones/comite/sesion/{hidden.pk}/" not in page


def test_a_member_of_one_call_cannot_record_attendance_in_another(world):
    from panal.core.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.record_attendance(session=world["sessions"][1], actor=world["member"], present=[])
