"""Five years after a firm's last outcome data, its RUT leaves the panel, the decision snapshot and the surveys
(records of processing, «encuestas»: «5 años, luego solo agregados»); every published figure stays the same."""

from datetime import UTC, date, datetime

import pytest

from panal.outcomes import results, retention
from panal.outcomes.models import FollowUp, Observation, SnapshotEntry
from panal.privacy.records import activity
from panal.privacy.retention import purge_expired

from .conftest import make_rut

pytestmark = pytest.mark.django_db
LATER = datetime(2032, 6, 1, tzinfo=UTC)  # more than 5 years after the panel (to 2024) and the decisions (today)


def _published(client, call) -> tuple:
    return (
        client.get(f"/resultados/{call.code}/").content,
        client.get("/resultados/resultados.csv").content,
        results.compute_summary(call),
        results.compute_effect(call, "ventas_uf", "did"),
    )


def test_expired_firms_lose_their_rut_everywhere_and_every_published_figure_stays(client, build_call):
    call = build_call(30, 10.0)
    results.refresh(call, indicators=["ventas_uf"])
    first = make_rut(76_000_000)
    FollowUp.objects.create(call=call, rut=first, wave=12, due_on=date(2024, 1, 10), token_digest="abc")
    recent = make_rut(77_500_000)
    Observation.objects.create(rut=recent, year=2030, item="ventas_uf", source="sii", value=100)
    before = _published(client, call)

    assert ("empresas con datos de resultados", 0) in purge_expired(now=datetime.now(UTC))  # nothing expired yet
    assert ("empresas con datos de resultados", 30) in purge_expired(now=LATER, dry_run=True)
    assert Observation.objects.filter(rut=first).exists()  # a dry run changes nothing

    assert ("empresas con datos de resultados", 30) in purge_expired(now=LATER)
    for model in (Observation, SnapshotEntry, FollowUp):
        assert not model.objects.filter(rut=first).exists()
    survey = FollowUp.objects.get()
    assert survey.rut.startswith(retention.PREFIX) and survey.token_digest == ""
    key = SnapshotEntry.objects.get(rut=survey.rut).rut  # one key per firm, the same in every table
    assert Observation.objects.filter(rut=key).count() == Observation.objects.filter(rut=key, year__lte=2024).count()
    assert Observation.objects.filter(rut=recent).exists()  # its last year is 2030: kept
    assert _published(client, call) == before
    assert ("empresas con datos de resultados", 0) in purge_expired(now=LATER)  # a second run finds nothing


def test_the_period_is_the_one_the_records_of_processing_publish():
    assert "5 años" in activity("encuestas").retention
    assert activity("encuestas").retention_days == retention.RETENTION_DAYS
