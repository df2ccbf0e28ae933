"""Two participants asking each other at the same moment end with one mutual, accepted pair."""

import threading

import pytest
from django.db import connection

from panal.networks import services
from panal.networks.models import MeetingRequest, RequestStatus

from .builders import join, make_rueda

pytestmark = pytest.mark.django_db(transaction=True)


def test_asking_each_other_at_the_same_time_makes_a_mutual_accepted_pair(reference_data):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite takes one writer at a time (IMMEDIATE transactions); the race is PostgreSQL's")
    rueda = make_rueda()
    buyer = join(rueda, "compra@example.cl", "comprador")
    seller = join(rueda, "vende@example.cl", "proveedor", name=("Vera", "Vende"))
    start = threading.Barrier(2)
    errors = []

    def ask(requester, receiver):
        try:
            start.wait()
            services.request_meeting(requester=requester, receiver_id=receiver.pk)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=ask, args=pair) for pair in ((buyer, seller), (seller, buyer))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(MeetingRequest.objects.values_list("status", flat=True)) == [RequestStatus.ACCEPTED] * 2
