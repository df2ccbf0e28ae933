"""Rueda routes under attack: huge ids, another participant's objects, NUL bytes, the same click many times."""

import pytest
from django.urls import reverse

from panal.networks import services
from panal.networks.models import MeetingRequest
from tests.networks.builders import join, make_rueda

pytestmark = pytest.mark.django_db
HUGE = 10**20


@pytest.fixture
def rueda(reference_data):
    return make_rueda()


def test_huge_ids_are_not_found_not_server_errors(client, rueda, make_user):
    staff = make_user(email="organiza@sercotec.cl", role="agency_staff", agency_code="sercotec")
    buyer = join(rueda, "compra@example.cl", "comprador")
    client.force_login(buyer.user)
    assert client.get(f"/ruedas/{HUGE}/").status_code == 404
    assert client.post(f"/ruedas/{rueda.pk}/participantes/{HUGE}/solicitar/", {"message": "x"}).status_code == 302
    assert client.post(f"/ruedas/{rueda.pk}/solicitudes/{HUGE}/responder/", {"answer": "accept"}).status_code == 302
    client.force_login(staff)
    assert client.get(f"/ruedas/{HUGE}/gestion/").status_code == 404
    assert (
        client.post(f"/ruedas/{rueda.pk}/gestion/reuniones/{HUGE}/mover/", {"slot": 1, "table": "Mesa 1"}).status_code
        == 302
    )
    assert client.post(f"/ruedas/{rueda.pk}/gestion/participantes/{HUGE}/llegada/").status_code == 302
    assert client.get(f"/ruedas/{rueda.pk}/gestion/tablero/", {"bloque": str(HUGE)}).status_code == 200
    assert client.get(f"/ruedas/nueva/{HUGE}/").status_code == 404


def test_a_message_with_nul_bytes_is_refused_and_changes_nothing(client, rueda):
    buyer = join(rueda, "compra@example.cl", "comprador")
    seller = join(rueda, "vende@example.cl", "proveedor", name=("Vera", "Vende"))
    client.force_login(seller.user)
    client.post(reverse("networks:request", args=[rueda.pk, buyer.pk]), {"message": "hola\x00"})
    assert MeetingRequest.objects.count() == 0


def test_an_organiser_of_another_rueda_cannot_move_or_check_in_through_their_own_rueda_url(
    client, reference_data, make_user
):
    mine = make_rueda()
    theirs = make_rueda(days_ahead=20)
    from panal.catalog.selectors import get_agency
    from panal.events.models import Activity

    Activity.objects.filter(pk=theirs.activity_id).update(agency=get_agency("corfo"))  # the builder makes Sercotec's
    buyer = join(theirs, "compra@example.cl", "comprador")
    staff = make_user(email="organiza@sercotec.cl", role="agency_staff", agency_code="sercotec")
    client.force_login(staff)
    client.post(reverse("networks:check_in", args=[mine.pk, buyer.pk]))
    buyer.refresh_from_db()
    assert buyer.checked_in_at is None


def test_asking_the_same_person_twice_keeps_one_request(client, rueda):
    buyer = join(rueda, "compra@example.cl", "comprador")
    seller = join(rueda, "vende@example.cl", "proveedor", name=("Vera", "Vende"))
    client.force_login(seller.user)
    for _ in range(3):
        client.post(reverse("networks:request", args=[rueda.pk, buyer.pk]), {"message": "hola"})
    assert MeetingRequest.objects.count() == 1
    assert services.expire_pending_requests(rueda_id=rueda.pk) == 0  # before the deadline nothing expires
