from datetime import datetime
from zoneinfo import ZoneInfo

from django.core.management import call_command

from panal.catalog import selectors
from panal.catalog.models import Call, Criterion, Instrument

CODES = {
    "capital-abeja-emprende",
    "capital-semilla-emprende",
    "indespa-capital-semilla",
    "corfo-activa-inversion",
    "corfo-par",
    "corfo-red-asociativa",
    "sercotec-crece",
    "sercotec-cooperativas-creacion",
    "sercotec-cooperativas-fortalecimiento",
}
SANTIAGO = ZoneInfo("America/Santiago")


def test_the_shipped_ohiggins_2024_calls_are_loaded_with_their_codes(reference_data):
    assert set(Call.objects.values_list("code", flat=True)) >= CODES
    assert set(Call.objects.filter(code__in=CODES).values_list("region_id", flat=True)) == {"06"}
    assert Call.objects.get(code="corfo-activa-inversion").focus_provinces == ["062"]


def test_every_shipped_rule_carries_its_source(reference_data):
    criteria = Criterion.objects.filter(instrument__code__in=CODES)
    assert criteria.count() > 20
    assert not criteria.filter(source_url="").exists()
    assert all(c.startswith("https://") for c in criteria.values_list("source_url", flat=True))


def test_loading_again_changes_nothing_and_keeps_staff_edits(reference_data):
    criterion = Criterion.objects.get(instrument__code="capital-abeja-emprende", key="mayor-de-edad")
    criterion.hint = "Texto editado por el equipo"
    criterion.save()
    counts = Instrument.objects.count(), Call.objects.count(), Criterion.objects.count()
    call_command("load_reference", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (Instrument.objects.count(), Call.objects.count(), Criterion.objects.count()) == counts
    criterion.refresh_from_db()
    assert criterion.hint == "Texto editado por el equipo"


def test_call_status_comes_from_its_dates_in_santiago_time(reference_data):
    call = selectors.get_call("capital-abeja-emprende")
    closing = datetime(2024, 6, 11, 15, 0, tzinfo=SANTIAGO)
    assert call.closes_at == closing
    assert call.status_at(datetime(2024, 5, 1, tzinfo=SANTIAGO)) == "upcoming"
    assert call.status_at(datetime(2024, 6, 11, 14, 59, tzinfo=SANTIAGO)) == "open"
    assert call.status_at(datetime(2024, 6, 11, 15, 0, tzinfo=SANTIAGO)) == "closed"


def test_a_call_adds_its_province_focus_to_the_instrument_rules(reference_data):
    rules = selectors.rules_for_call(selectors.get_call("corfo-activa-inversion"))
    ids = [r.id for r in rules]
    assert ids[ids.index("region") + 1] == "focalizacion-provincia"
    assert "Cardenal Caro" in rules[ids.index("focalizacion-provincia")].fail_message
