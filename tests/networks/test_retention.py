"""Two years after a rueda its participants lose who they were and what they wrote (records of processing,
«ruedas»); the rueda's figures stay the same, and a recent rueda is left alone."""

from datetime import timedelta

import pytest
from django.utils import timezone

from panal.networks import retention
from panal.networks.selectors import stats
from panal.networks.services.requests import request_meeting
from panal.privacy.records import activity
from panal.privacy.retention import purge_expired

from .builders import join, make_rueda

pytestmark = pytest.mark.django_db


@pytest.fixture
def rueda_with_a_request(reference_data):
    rueda = make_rueda()
    buyer = join(rueda, "compra@example.cl", "comprador", name=("Berta", "Soto"), need="Miel a granel")
    seller = join(rueda, "vende@example.cl", "proveedor", name=("Sara", "Lagos"), offer="Miel de ulmo")
    request_meeting(
        requester=buyer, receiver_id=seller.pk, message="Busco 200 kilos", now=rueda.request_deadline - timedelta(1)
    )
    return rueda


def test_two_years_after_the_rueda_participants_are_anonymised_and_its_figures_stay(rueda_with_a_request):
    rueda = rueda_with_a_request
    before = stats(rueda)
    now = timezone.now()
    assert ("participantes de ruedas", 0) in purge_expired(now=now)  # the rueda is recent: nothing to do

    later = rueda.ends_at + timedelta(days=retention.RETENTION_DAYS + 1)
    assert ("participantes de ruedas", 2) in purge_expired(now=later, dry_run=True)
    assert rueda.participants.filter(name=retention.ANONYMOUS).count() == 0  # a dry run changes nothing

    assert ("participantes de ruedas", 2) in purge_expired(now=later)
    for participant in rueda.participants.all():
        assert participant.name == retention.ANONYMOUS and participant.user_id is None
        assert participant.offer == participant.need == ""
    assert not rueda.requests.exclude(message="").exists()
    assert stats(rueda) == before
    assert ("participantes de ruedas", 0) in purge_expired(now=later)  # a second run finds nothing


def test_the_period_is_the_one_the_records_of_processing_publish():
    assert "2 años desde la rueda" in activity("ruedas").retention
    assert activity("ruedas").retention_days == retention.RETENTION_DAYS
