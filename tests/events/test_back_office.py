"""Organiser back office: agency staff create and edit only their agency's activities; administrators all."""

from datetime import timedelta

import pytest
from django.utils import timezone

from panal.core.errors import PermissionDenied
from panal.events import services
from panal.events.models import Activity


@pytest.fixture
def staff(make_user):
    return make_user(email="equipo@sercotec.cl", role="agency_staff", agency_code="sercotec")


def form_data(edition, **overrides):
    start = timezone.localtime().replace(microsecond=0) + timedelta(days=20)
    data = {
        "title": "Taller nuevo",
        "description": "Descripción",
        "type": "taller",
        "agency": "",
        "objective": "ventas",
        "audience": "mipymes",
        "starts_at": start.strftime("%Y-%m-%dT10:00"),
        "ends_at": start.strftime("%Y-%m-%dT12:00"),
        "venue": "Biblioteca",
        "address": "Calle 123",
        "commune": "06101",
        "online_url": "",
        "capacity": "20",
        "registration_open": "on",
    }
    data.update(overrides)
    return data


def test_agency_staff_create_an_activity_of_their_agency(client, staff, edition):
    from panal.catalog.selectors import get_agency

    client.force_login(staff)
    page = client.get("/semana/gestion/actividades/nueva/").content.decode()
    assert "Sercotec" in page and ">Corfo<" not in page  # only their agency is offered
    response = client.post("/semana/gestion/actividades/nueva/", form_data(edition, agency=get_agency("sercotec").pk))
    assert response.status_code == 302
    activity = Activity.objects.get()
    assert (activity.title, activity.agency.code, activity.capacity, activity.edition) == (
        "Taller nuevo",
        "sercotec",
        20,
        edition,
    )
    assert timezone.localtime(activity.starts_at).hour == 10


def test_agency_staff_cannot_create_for_another_agency(client, staff, edition):
    from panal.catalog.selectors import get_agency

    client.force_login(staff)
    response = client.post("/semana/gestion/actividades/nueva/", form_data(edition, agency=get_agency("corfo").pk))
    assert response.status_code == 400
    assert Activity.objects.count() == 0
    with pytest.raises(PermissionDenied):
        services.create_activity(
            actor=staff,
            edition=edition,
            title="X",
            type="taller",
            agency=get_agency("corfo"),
            objective="ventas",
            audience="mipymes",
            starts_at=timezone.now() + timedelta(days=3),
            ends_at=timezone.now() + timedelta(days=3, hours=1),
            commune=None,
            online_url="https://example.cl/x",
            capacity=None,
        )


def test_bad_activity_input_names_the_field(client, staff, edition):
    from panal.catalog.selectors import get_agency

    client.force_login(staff)
    agency = get_agency("sercotec").pk
    start = timezone.localtime() + timedelta(days=20)
    cases = [
        ({"ends_at": start.strftime("%Y-%m-%dT09:00"), "starts_at": start.strftime("%Y-%m-%dT10:00")}, "posterior"),
        ({"commune": "", "online_url": ""}, "en línea"),
        ({"capacity": "0"}, ""),
    ]
    for overrides, words in cases:
        response = client.post("/semana/gestion/actividades/nueva/", form_data(edition, agency=agency, **overrides))
        assert response.status_code == 400
        assert words in response.content.decode()
    assert Activity.objects.count() == 0


def test_agency_staff_edit_their_activities_only(client, staff, make_activity):
    mine = make_activity(title="Mía", agency="sercotec")
    theirs = make_activity(title="De Corfo", agency="corfo")
    client.force_login(staff)
    listing = client.get("/semana/gestion/").content.decode()
    assert "Mía" in listing and "De Corfo" not in listing
    assert client.get(f"/semana/gestion/actividades/{theirs.pk}/editar/").status_code == 403
    data = form_data(mine.edition, agency=mine.agency_id, title="Mía, renombrada")
    assert client.post(f"/semana/gestion/actividades/{mine.pk}/editar/", data).status_code == 302
    mine.refresh_from_db()
    assert mine.title == "Mía, renombrada"
    with pytest.raises(PermissionDenied):
        services.update_activity(actor=staff, activity_id=theirs.pk, title="Tomada")
    theirs.refresh_from_db()
    assert theirs.title == "De Corfo"


def test_administrators_see_and_edit_every_activity(client, make_user, make_activity):
    admin = make_user(email="admin@example.cl", role="administrator")
    make_activity(title="De Sercotec", agency="sercotec")
    theirs = make_activity(title="De Corfo", agency="corfo")
    client.force_login(admin)
    listing = client.get("/semana/gestion/").content.decode()
    assert "De Sercotec" in listing and "De Corfo" in listing
    services.update_activity(actor=admin, activity_id=theirs.pk, registration_open=False)
    theirs.refresh_from_db()
    assert theirs.registration_open is False


def test_back_office_needs_login(client, reference_data):
    response = client.get("/semana/gestion/")
    assert response.status_code == 302 and "/cuenta/" in response["Location"]
