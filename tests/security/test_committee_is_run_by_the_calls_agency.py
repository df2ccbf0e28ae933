"""Issue 10, hole 6, closed as a class: staff of another agency cannot read a call's committee ranking, convene
its committee, open its sessions or their acta, nor set its form; every way in answers 404 or is refused."""

from datetime import timedelta

import pytest
from django.utils import timezone

from panal.applications import services
from panal.applications.models import CommitteeSession
from panal.applications.shipped_forms import FORMS
from panal.core.errors import PermissionDenied
from tests.applications.conftest import (  # noqa: F401  (fixtures)
    _media_in_tmp_and_fast_passwords,
    complete_draft,
    make_applicant,
    make_call,
)

pytestmark = pytest.mark.django_db

PASSWORD = "clave-segura-123"


@pytest.fixture
def world(make_call, complete_draft, make_user):  # noqa: F811  (fixtures imported above)
    sercotec = make_user(email="analista@sercotec.cl", role="agency_staff", agency_code="sercotec")
    corfo = make_user(email="analista@corfo.cl", role="agency_staff", agency_code="corfo")
    members = [make_user(email=f"cer{n}@gore.cl", role="committee_member") for n in (1, 2)]
    call = make_call(with_requirements=True)
    application, applicant = complete_draft(call=call)
    services.submit_application(application=application, actor=applicant)
    session = services.create_session(
        call=call, actor=sercotec, held_at=timezone.now() + timedelta(days=3), quorum=1, members=members
    )
    return {"call": call, "sercotec": sercotec, "corfo": corfo, "members": members, "session": session}


def _as(client, user):
    client.force_login(user)
    return client


def test_staff_of_another_agency_cannot_read_the_ranking_sessions_or_acta(client, world):
    _as(client, world["corfo"])
    call, session = world["call"], world["session"]
    assert client.get(f"/postulaciones/comite/{call.code}/").status_code == 404
    assert client.get(f"/postulaciones/comite/sesion/{session.pk}/").status_code == 404
    assert client.get(f"/postulaciones/comite/sesion/{session.pk}/acta.pdf").status_code == 404


def test_staff_of_another_agency_cannot_convene_the_committee(client, world):
    _as(client, world["corfo"])
    before = CommitteeSession.objects.count()
    response = client.post(
        f"/postulaciones/comite/{world['call'].code}/",
        {"held_at": "2026-12-20T10:00", "quorum": "1", "members": "cer1@gore.cl", "committee": "cer"},
    )
    assert response.status_code == 404
    assert CommitteeSession.objects.count() == before
    with pytest.raises(PermissionDenied):
        services.create_session(
            call=world["call"], actor=world["corfo"], held_at=timezone.now(), quorum=1, members=world["members"]
        )
    assert CommitteeSession.objects.count() == before


def test_staff_of_another_agency_cannot_take_attendance_or_set_the_form(world):
    with pytest.raises(PermissionDenied):
        services.record_attendance(session=world["session"], actor=world["corfo"], present=world["members"][:1])
    shipped = FORMS["capital-abeja-emprende"]
    with pytest.raises(PermissionDenied):
        services.set_form(call=world["call"], actor=world["corfo"], folio_prefix="ROBO", sections=shipped["sections"])


def test_the_calls_own_agency_runs_its_committee(client, world):
    _as(client, world["sercotec"])
    call, session = world["call"], world["session"]
    page = client.get(f"/postulaciones/comite/{call.code}/")
    assert page.status_code == 200 and "Convocar una sesión" in page.content.decode()
    assert client.get(f"/postulaciones/comite/sesion/{session.pk}/").status_code == 200
    acta = client.get(f"/postulaciones/comite/sesion/{session.pk}/acta.pdf")
    assert acta.status_code == 200 and acta["Content-Type"] == "application/pdf"


def test_a_committee_member_never_sees_the_convene_form(client, world):
    _as(client, world["members"][0])
    page = client.get(f"/postulaciones/comite/{world['call'].code}/")
    assert page.status_code == 200
    assert "Convocar una sesión" not in page.content.decode()
    refused = client.post(
        f"/postulaciones/comite/{world['call'].code}/",
        {"held_at": "2026-12-20T10:00", "quorum": "1", "members": "cer1@gore.cl"},
    )
    assert refused.status_code == 404


def test_nul_bytes_in_the_new_committee_and_admissibility_texts_are_refused_not_a_server_error(client, world):
    _as(client, world["sercotec"])
    before = CommitteeSession.objects.count()
    response = client.post(
        f"/postulaciones/comite/{world['call'].code}/",
        {
            "held_at": "2026-12-20T10:00",
            "quorum": "1",
            "member": [str(world["members"][0].pk)],
            "place": "Sala\x00A",
        },
    )
    assert response.status_code == 302
    assert CommitteeSession.objects.count() == before
    application = world["call"].applications.get()
    response = client.post(
        f"/postulaciones/gestion/{application.pk}/",
        {"action": "requirements", "verdict-cedula": "fixable", "note-cedula": "vencida\x00"},
    )
    assert response.status_code == 302
    assert not application.admissibility_checks.exists()
