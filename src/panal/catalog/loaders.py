import json

from django.db import transaction

from panal.data import DATA_DIR

from . import services
from .models import Agency, Call, Instrument


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
