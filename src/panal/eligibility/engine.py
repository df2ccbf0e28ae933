"""The eligibility engine: one profile against a call's rules, and the same rules compiled to a database query.

A profile is a plain dict with the request fields of `POST /api/v1/eligibility` (`registry.selectors
.eligibility_profile` builds the same dict); `None` or an absent key means unknown. Outcomes are three-valued:
a condition on an unknown value is `unknown`; a branch (ALL) fails if any condition fails, else is unknown if any is
unknown; a criterion (ANY of its branches) passes if any branch passes, else is unknown if any is, else fails. The
call: `ineligible` if any criterion fails, else `incomplete` if any is unknown (with the fields missing), else
`eligible`. `compile(call)` builds the `Q` over `TargetProfile` that holds exactly for the `eligible` profiles.
"""

from __future__ import annotations

import calendar
from datetime import date
from decimal import Decimal

from django.db.models import F, Q
from django.utils import timezone

from panal.catalog import selectors as catalog
from panal.catalog.criteria import FIELDS, Cond, Rule

PASS, FAIL, UNKNOWN = "pass", "fail", "unknown"
ELIGIBLE, INELIGIBLE, INCOMPLETE = "eligible", "ineligible", "incomplete"

PROFILE_LABELS = {
    "applicant_kind": "tipo de postulante",
    "birth_date": "fecha de nacimiento",
    "sex": "sexo registral",
    "nationality": "nacionalidad",
    "commune": "comuna del domicilio",
    "has_activity_start": "si tienes inicio de actividades en primera categoría",
    "activity_start_date": "fecha de inicio de actividades",
    "annual_sales_uf": "ventas netas anuales en UF",
    "activity_code": "código de actividad SII",
    "cooperative_class": "clase de cooperativa",
    "members": "número de socios/as o integrantes",
    "in_good_standing": "si está vigente",
    "registries": "registros sectoriales (RPA, RNA, ROA)",
}


# --- dates: the engine and the compiled query share these two definitions -----------------------------------------


def years_between(start: date, as_of: date) -> int:
    """Whole years completed from `start` to `as_of` (a birthday on 29 February is reached on 1 March)."""
    return as_of.year - start.year - ((as_of.month, as_of.day) < (start.month, start.day))


def months_between(start: date, as_of: date) -> int:
    """Whole months completed from `start` to `as_of`."""
    return (as_of.year - start.year) * 12 + (as_of.month - start.month) - (as_of.day < start.day)


def _shift_back(as_of: date, months: int) -> date:
    """The latest date `start` with months_between(start, as_of) >= months (day clamped to the month's end)."""
    index = as_of.year * 12 + (as_of.month - 1) - months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(as_of.day, calendar.monthrange(year, month)[1]))


# --- the profile ---------------------------------------------------------------------------------------------------


def _as_date(value):
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def derive(profile: dict) -> dict:
    """The values the criteria test, computed from the profile at its `as_of` (today if absent)."""
    as_of = _as_date(profile.get("as_of")) or timezone.localdate()
    birth = _as_date(profile.get("birth_date"))
    started = _as_date(profile.get("activity_start_date"))
    commune = profile.get("commune")
    sales = profile.get("annual_sales_uf")
    sales = None if sales is None else Decimal(str(sales))
    members = profile.get("members")
    registries = profile.get("registries")
    return {
        "applicant_kind": profile.get("applicant_kind"),
        "age": years_between(birth, as_of) if birth else None,
        "sex": profile.get("sex"),
        "nationality": profile.get("nationality"),
        "region": commune[:2] if commune else None,
        "province": commune[:3] if commune else None,
        "commune": commune or None,
        "has_activity_start": profile.get("has_activity_start"),
        "firm_age_months": months_between(started, as_of) if started else None,
        "annual_sales_uf": sales,
        "sales_per_member_uf": (sales / members) if sales is not None and members else None,
        "activity_code": profile.get("activity_code") or None,
        "cooperative_class": profile.get("cooperative_class") or None,
        "members": members,
        "in_good_standing": profile.get("in_good_standing"),
        "registries": None if registries is None else frozenset(registries),
    }


def _condition(cond: Cond, values: dict) -> str:
    value = values[cond.field]
    if value is None:
        return UNKNOWN
    op, expected = cond.op, cond.value
    if op == "eq":
        held = value == expected
    elif op == "ne":
        held = value != expected
    elif op == "in":
        held = value in expected
    elif op == "not_in":
        held = value not in expected
    elif op == "gte":
        held = value >= expected
    elif op == "gt":
        held = value > expected
    elif op == "lte":
        held = value <= expected
    elif op == "lt":
        held = value < expected
    elif op == "contains":
        held = expected in value
    elif op == "contains_any":
        held = bool(value & expected)
    else:  # pragma: no cover - parse_condition refuses unknown operators before they are stored
        raise ValueError(op)
    return PASS if held else FAIL


def _missing_for(cond: Cond, profile: dict) -> list[str]:
    return [
        name
        for name in FIELDS[cond.field].needs
        if profile.get(name) is None or (name == "members" and profile.get(name) == 0)
    ]


def evaluate_rule(rule: Rule, values: dict, profile: dict) -> tuple[str, list[str]]:
    """(outcome, missing profile fields) of one criterion."""
    outcomes, missing = [], []
    for branch in rule.branches:
        results = [(_condition(c, values), c) for c in branch]
        if any(r == FAIL for r, _ in results):
            outcomes.append(FAIL)
        elif any(r == UNKNOWN for r, _ in results):
            outcomes.append(UNKNOWN)
            for r, c in results:
                if r == UNKNOWN:
                    missing += [m for m in _missing_for(c, profile) if m not in missing]
        else:
            outcomes.append(PASS)
    if PASS in outcomes:
        return PASS, []
    if UNKNOWN in outcomes:
        return UNKNOWN, missing
    return FAIL, []


def verdict(rules: list[Rule], values: dict) -> str:
    """Only the status (no messages): for counting many profiles one at a time."""
    status = ELIGIBLE
    for rule in rules:
        rule_outcome = FAIL
        for branch in rule.branches:
            branch_outcome = PASS
            for cond in branch:
                outcome = _condition(cond, values)
                if outcome == FAIL:
                    branch_outcome = FAIL
                    break
                if outcome == UNKNOWN:
                    branch_outcome = UNKNOWN
            if branch_outcome == PASS:
                rule_outcome = PASS
                break
            if branch_outcome == UNKNOWN:
                rule_outcome = UNKNOWN
        if rule_outcome == FAIL:
            return INELIGIBLE
        if rule_outcome == UNKNOWN:
            status = INCOMPLETE
    return status


def _unknown_message(missing: list[str]) -> str:
    labels = [PROFILE_LABELS.get(m, m) for m in missing]
    return f"Falta saber: {', '.join(labels)}." if labels else "Falta información para saberlo."


def evaluate_rules(profile: dict, rules: list[Rule], values: dict | None = None) -> dict:
    values = values if values is not None else derive(profile)
    criteria, missing, outcomes = [], [], set()
    for rule in rules:
        outcome, needed = evaluate_rule(rule, values, profile)
        outcomes.add(outcome)
        missing += [m for m in needed if m not in missing]
        message = {PASS: rule.pass_message, FAIL: rule.fail_message}.get(outcome) or _unknown_message(needed)
        criteria.append(
            {
                "id": rule.id,
                "outcome": outcome,
                "message": message,
                "hint": "" if outcome == PASS else rule.hint,
                "source": rule.source_url,
                "referential": not rule.verified,
            }
        )
    status = INELIGIBLE if FAIL in outcomes else INCOMPLETE if UNKNOWN in outcomes else ELIGIBLE
    return {"status": status, "criteria": criteria, "missing": missing if status == INCOMPLETE else []}


def evaluate(profile: dict, call, *, rules: list[Rule] | None = None, now=None) -> dict:
    """The verdict of one profile for one call, with the outcome of every criterion."""
    result = evaluate_rules(profile, rules if rules is not None else catalog.rules_for_call(call))
    return {
        "call": call.code,
        "instrument": call.instrument.code,
        "agency": call.instrument.agency.code,
        "region": call.region_id,
        "call_status": call.status_at(now or timezone.now()),
        **result,
    }


class CallSet:
    """Calls with their parsed rules, read once and reused for many profiles (API, wizard, targeting, bench)."""

    _cache: dict = {}

    def __init__(self, *, instrument_code: str | None = None):
        self.calls = catalog.calls_with_criteria(instrument_code=instrument_code)
        self.rules = {call.code: catalog.rules_for_call(call) for call in self.calls}

    @classmethod
    def current(cls, *, instrument_code: str | None = None) -> CallSet:
        """The calls as they are now, reused across requests until the catalogue changes (catalog_version)."""
        version = catalog.catalog_version()
        cached = cls._cache.get(instrument_code)
        if cached is not None and cached[0] == version:
            return cached[1]
        callset = cls(instrument_code=instrument_code)
        cls._cache[instrument_code] = (version, callset)
        return callset

    def evaluate(self, profile: dict, *, now=None) -> list[dict]:
        now = now or timezone.now()
        values = derive(profile)
        results = []
        for call in self.calls:
            result = evaluate_rules(profile, self.rules[call.code], values)
            results.append(
                {
                    "call": call.code,
                    "instrument": call.instrument.code,
                    "agency": call.instrument.agency.code,
                    "region": call.region_id,
                    "call_status": call.status_at(now),
                    **result,
                }
            )
        return results


# --- the compiled query --------------------------------------------------------------------------------------------

_COLUMNS = {
    "applicant_kind",
    "sex",
    "nationality",
    "commune",
    "province",
    "region",
    "activity_code",
    "cooperative_class",
    "has_activity_start",
    "in_good_standing",
    "members",
    "annual_sales_uf",
}
_REGISTRY_COLUMNS = {"RPA": "reg_rpa", "RNA": "reg_rna", "ROA": "reg_roa"}


def _compare(column: str, op: str, value) -> Q:
    if op == "eq":
        return Q(**{column: value})
    if op == "ne":
        return Q(**{f"{column}__isnull": False}) & ~Q(**{column: value})
    if op == "in":
        return Q(**{f"{column}__in": sorted(value)})
    if op == "not_in":
        return Q(**{f"{column}__isnull": False}) & ~Q(**{f"{column}__in": sorted(value)})
    return Q(**{f"{column}__{op}": value})


def _elapsed(column: str, op: str, n: int, as_of: date, unit_months: int) -> Q:
    """`elapsed(column → as_of) op n` in whole units, as date comparisons (elapsed >= k ⟺ column <= cutoff(k))."""

    def at_least(k: int) -> Q:
        return Q(**{f"{column}__lte": _shift_back(as_of, k * unit_months)})

    def less_than(k: int) -> Q:
        return Q(**{f"{column}__gt": _shift_back(as_of, k * unit_months)})

    if op == "gte":
        return at_least(n)
    if op == "gt":
        return at_least(n + 1)
    if op == "lt":
        return less_than(n)
    if op == "lte":
        return less_than(n + 1)
    return at_least(n) & less_than(n + 1)  # eq


_SQL_OPS = {"eq": "exact", "gte": "gte", "gt": "gt", "lte": "lte", "lt": "lt"}


def _condition_q(cond: Cond, as_of: date) -> Q:
    field, op, value = cond.field, cond.op, cond.value
    if field == "age":
        return _elapsed("birth_date", op, value, as_of, 12)
    if field == "firm_age_months":
        return _elapsed("activity_start_date", op, value, as_of, 1)
    if field == "sales_per_member_uf":
        lookup = {f"annual_sales_uf__{_SQL_OPS[op]}": F("members") * Decimal(value)}
        return Q(members__gt=0, annual_sales_uf__isnull=False) & Q(**lookup)
    if field == "registries":
        columns = [_REGISTRY_COLUMNS[v] for v in ([value] if op == "contains" else sorted(value))]
        result = Q()
        for column in columns:
            result |= Q(**{column: True})
        return result
    if field in _COLUMNS:
        return _compare(field, op, value)
    raise ValueError(f"campo sin columna: {field}")  # pragma: no cover - FIELDS and _COLUMNS are kept in step


def compile_rules(rules: list[Rule], *, as_of: date) -> Q:
    query = Q()
    for rule in rules:
        alternatives = Q()
        for branch in rule.branches:
            together = Q()
            for cond in branch:
                together &= _condition_q(cond, as_of)
            alternatives |= together
        query &= alternatives
    return query


def compile(call, *, as_of: date | None = None, rules: list[Rule] | None = None) -> Q:  # noqa: A001
    """The `Q` over `TargetProfile` that holds exactly for the profiles `evaluate` finds `eligible` at `as_of`."""
    return compile_rules(
        rules if rules is not None else catalog.rules_for_call(call), as_of=as_of or timezone.localdate()
    )
