"""Estimates and the per-call summary, stored per panel version so the public page and the API read a row instead
of fitting a model on the request path. A stale or missing result is computed on demand by the API and the
command, and in the background (`refresh_call_results`) after every write that can change it.

The estimators and the panel run on pandas (~0.6 s to import): they are imported by the functions that compute, so
a process that only reads stored results (every page, `panal shell`, a job worker's start) never loads it."""

import math

from panal.core.jobs import job

from .indicators import INDICATORS
from .models import DecisionSnapshot, PanelVersion, StoredEstimate

MIN_CELL = 5  # no published cell describes fewer firms (issue 13)
SUMMARY = "summary"


def version_of(call) -> int:
    return PanelVersion.objects.filter(call=call).values_list("version", flat=True).first() or 1


def compute_effect(call, indicator: str, method: str) -> dict:
    from . import estimators, panel  # noqa: PLC0415 (loaded when used: heavy)

    snapshot, who, values = panel.call_data(call, indicator)
    if snapshot is None:
        return estimators.insufficient(estimators._empty(), "no hay decisiones registradas para esta convocatoria")
    if method == "did":
        return estimators.did(values, call_year=call.year)
    return estimators.rd(values, who, call_year=call.year, cutoff=snapshot.cutoff)


def _stored(call, indicator: str, method: str, version: int):
    row = StoredEstimate.objects.filter(call=call, indicator=indicator, method=method).first()
    return row.result if row is not None and row.version == version else None


def _store(call, indicator: str, method: str, version: int, result: dict) -> None:
    StoredEstimate.objects.update_or_create(
        call=call, indicator=indicator, method=method, defaults={"version": version, "result": result}
    )


def effect(call, indicator: str, method: str) -> dict:
    """The public result object for one call, indicator and method (computed now if not stored for this version)."""
    version = version_of(call)
    result = _stored(call, indicator, method, version)
    if result is None:
        result = compute_effect(call, indicator, method)
        _store(call, indicator, method, version, result)
    head = {
        "instrument": call.instrument.code,
        "year": call.year,
        "region": call.region_id,
        "indicator": indicator,
        "method": method,
    }
    return head | result


def _cell(series) -> dict:
    n = int(series.size)
    if n < MIN_CELL:
        return {"n": n, "mean": None, "ci_low": None, "ci_high": None, "suppressed": True}
    mean = float(series.mean())
    half = 1.96 * float(series.std(ddof=1)) / math.sqrt(n) if n > 1 else 0.0
    return {
        "n": n,
        "mean": round(mean, 4),
        "ci_low": round(mean - half, 4),
        "ci_high": round(mean + half, 4),
        "suppressed": False,
    }


def compute_summary(call) -> dict:
    """Funded vs comparison, before vs after: means per firm with 95% intervals; cells of < 5 firms suppressed."""
    from . import panel  # noqa: PLC0415 (loaded when used: heavy)

    snapshot = DecisionSnapshot.objects.filter(call=call).first()
    if snapshot is None:
        return {"indicators": {}, "is_demo": False, "cutoff": None}
    out = {"indicators": {}, "is_demo": snapshot.is_demo, "cutoff": str(snapshot.cutoff) if snapshot.cutoff else None}
    for key in INDICATORS:
        _, _, values = panel.call_data(call, key)
        if values.empty:
            continue
        values = values.assign(period=values["year"].gt(call.year).map({False: "antes", True: "despues"}))
        per_firm = values.groupby(["rut", "funded", "period"], observed=True)["value"].mean().reset_index()
        cells = {}
        for group, funded in (("financiadas", True), ("comparacion", False)):
            for period in ("antes", "despues"):
                chosen = per_firm[(per_firm["funded"] == funded) & (per_firm["period"] == period)]["value"]
                cells[f"{group}_{period}"] = _cell(chosen)
        out["indicators"][key] = cells
    return out


def summary(call) -> dict | None:
    """The stored summary of the call for the current version, or None while it is being computed."""
    return _stored(call, SUMMARY, SUMMARY, version_of(call))


def stored_effects(call) -> dict[tuple[str, str], dict]:
    version = version_of(call)
    rows = StoredEstimate.objects.filter(call=call, version=version).exclude(method=SUMMARY)
    return {(r.indicator, r.method): r.result for r in rows}


def refresh(call, *, indicators=None) -> dict:
    """Recompute and store the summary and every estimate of the call whose indicator has data."""
    version = version_of(call)
    result = compute_summary(call)
    _store(call, SUMMARY, SUMMARY, version, result)
    for key in indicators or result["indicators"]:
        for method in ("did", "rd"):
            _store(call, key, method, version, compute_effect(call, key, method))
    return result


@job
def refresh_call_results(call_id: int) -> None:
    snapshot = DecisionSnapshot.objects.select_related("call", "call__instrument").filter(call_id=call_id).first()
    if snapshot is not None and summary(snapshot.call) is None:  # queued several times in one write: once is enough
        refresh(snapshot.call)
