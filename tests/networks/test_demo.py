"""The demo loads one labelled practice rueda with about 60 participants and their requests, idempotently,
and the organiser's optimiser schedules it."""

import pytest

pytestmark = pytest.mark.django_db


def test_demo_rueda_is_labelled_has_sixty_participants_and_schedules(reference_data):
    from panal.events.demo import load_demo as events_demo
    from panal.networks.demo import load_demo
    from panal.networks.models import MeetingRequest, Rueda
    from panal.networks.scheduler import parse_instance, schedule
    from panal.networks.services import build_instance
    from panal.registry.demo import load_demo as registry_demo

    registry_demo()
    events_demo()
    summary = load_demo()
    assert "60 participantes" in summary
    rueda = Rueda.objects.get()
    assert rueda.is_sample and rueda.activity.edition.slug == "practica-inscripcion"
    requests = MeetingRequest.objects.filter(rueda=rueda).count()
    assert requests >= 150
    assert "ya tiene 60" in load_demo()
    assert MeetingRequest.objects.count() == requests
    data, _ = build_instance(rueda)
    result = schedule(parse_instance(data), time_limit=10)
    assert result.meetings and result.objective >= result.greedy_objective
    assert result.gap_pct <= 1
