import json

from django.db import transaction

from panal.core import audit
from panal.data import DATA_DIR

from . import services
from .models import Agency, Call, Criterion, Instrument


def _load_catalogue() -> tuple[int, int]:
    """Create the shipped instruments and calls that are not there yet; never overwrite what staff edited."""
    created_instruments = created_calls = 0
    for path in sorted((DATA_DIR / "catalog").glob("calls-*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for item in data["instruments"]:
            if Instrument.objects.filter(code=item["code"]).exists():
                continue
            item = dict(item)
            services.create_instrument(
                agency_code=item.pop("agency"), co_agency_code=item.pop("co_agency", None), **item
            )
            created_instruments += 1
        for item in data["calls"]:
            if Call.objects.filter(code=item["code"]).exists():
                continue
            item = dict(item)
            services.create_call(instrument_code=item.pop("instrument"), region_code=item.pop("region"), **item)
            created_calls += 1
    return created_instruments, created_calls


# Fields of a shipped call that describe its rules (not its money or its form): what a refresh rewrites.
_CALL_RULE_FIELDS = (
    "title",
    "focus_note",
    "sector_list_unknown",
    "deadline_note",
    "rules_reference_date",
    "rules_from",
    "subsidy_tiers",
    "subsidy_max_clp",
    "sources",
    "referential",
)
_INSTRUMENT_TEXT_FIELDS = ("audience", "own_contribution", "subsidy_max_clp", "sources", "referential")


@transaction.atomic
def refresh_shipped_rules(*, actor=None) -> str:
    """Rewrite the criteria and rule fields of the shipped instruments and calls from the data files.

    `load_reference` never overwrites what staff edited; this does, on purpose, for a database loaded before the
    rules were corrected (issue 16). Criteria are replaced whole; calls keep their dates, budget and forms."""

    instruments = calls = 0
    for path in sorted((DATA_DIR / "catalog").glob("calls-*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for item in data["instruments"]:
            instrument = Instrument.objects.filter(code=item["code"]).first()
            if instrument is None:
                continue
            for name in _INSTRUMENT_TEXT_FIELDS:
                setattr(instrument, name, item.get(name, getattr(instrument, name)))
            for kind in ("persona", "empresa", "cooperativa", "grupo"):
                setattr(instrument, f"for_{kind}", kind in item.get("beneficiaries", ()))
            instrument.save()
            Criterion.objects.filter(instrument=instrument).delete()
            services._add_criteria(instrument, item.get("criteria"))
            audit.record(
                actor=actor, action="catalog.instrument.rules_refreshed", obj=instrument, after={"code": item["code"]}
            )
            instruments += 1
        for item in data["calls"]:
            call = Call.objects.filter(code=item["code"]).first()
            if call is None:
                continue
            for name in _CALL_RULE_FIELDS:
                default = [] if name in ("sources", "referential", "subsidy_tiers") else None
                value = item.get(name, default)
                if name == "subsidy_tiers":
                    value = services._tiers(value)
                elif name == "rules_reference_date":
                    value = services._day(value, name)
                elif value is None and name not in ("subsidy_max_clp",):
                    value = False if name == "sector_list_unknown" else ""
                setattr(call, name, value)
            call.save()
            Criterion.objects.filter(call=call).delete()
            services._add_criteria(call, item.get("criteria"))
            audit.record(actor=actor, action="catalog.call.rules_refreshed", obj=call, after={"code": item["code"]})
            calls += 1
    return f"reglas reescritas desde los archivos: {instruments} instrumentos y {calls} convocatorias."


@transaction.atomic
def load_reference() -> str:
    rows = json.loads((DATA_DIR / "catalog" / "agencies.json").read_text(encoding="utf-8"))
    Agency.objects.bulk_create(
        [Agency(**row) for row in rows],
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["name", "short_name", "url"],
    )
    new_instruments, new_calls = _load_catalogue()
    return (
        f"{Agency.objects.count()} instituciones, {Instrument.objects.count()} instrumentos "
        f"({new_instruments} nuevos), {Call.objects.count()} convocatorias ({new_calls} nuevas)."
    )
