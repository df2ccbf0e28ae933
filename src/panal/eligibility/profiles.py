"""One profile against the catalogue: what the API, the command and the wizard answer."""

from django.utils import timezone

from panal.catalog import selectors as catalog

from .engine import CallSet, _as_date


def instrument_exists(code: str) -> bool:
    return catalog.get_instrument(code) is not None


def evaluate_profile(profile: dict, *, instrument_code: str | None = None, now=None) -> dict:
    as_of = _as_date(profile.get("as_of")) or timezone.localdate()
    profile = {**profile, "as_of": as_of}
    return {"as_of": as_of, "results": CallSet.current(instrument_code=instrument_code).evaluate(profile, now=now)}


def to_json(answer: dict) -> dict:
    """The answer with dates as ISO text, as the API prints it."""
    results = [{**r, "reference_date": r["reference_date"].isoformat()} for r in answer["results"]]
    return {**answer, "as_of": answer["as_of"].isoformat(), "results": results}
