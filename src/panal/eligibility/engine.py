"""The eligibility engine: one profile against a call's rules, and the same rules compiled to a database query.

A profile is a plain dict with the request fields of `POST /api/v1/eligibility` (`registry.selectors
.eligibility_profile` builds the same dict); `None` or an absent key means unknown. Outcomes are three-valued:
a condition on an unknown value is `unknown`; a branch (ALL) fails if any condition fails, else is unknown if any is
unknown; a criterion (ANY of its branches) passes if any branch passes, else is unknown if any is, else fails. The
call: `ineligible` if any criterion fails, else `incomplete` if any is unknown (with the fields missing), else
`eligible`. A *declared* criterion (no overdue debts ...) is the exception: unknown counts as met and the result
lists it under `declarations`, since the applicant declares it under oath when applying.

Time is counted at the call's reference date (its opening, or the date its bases name): ages and months since the
activity start are those at that date, while the profile describes the applicant at `as_of` (hard rule 27: "3
months since inicio at the call's opening"). `compile(call)` builds the `Q` over `TargetProfile` that holds exactly
for the `eligible` profiles (`compiled.py`).
"""

from __future__ import annotations

import calendar
from datetime import date
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from panal.catalog import selectors as catalog
from panal.catalog.criteria import FIELDS, Cond, Rule, outside_sme, share_outside_sme

PASS, FAIL, UNKNOWN = "pass", "fail", "unknown"
ELIGIBLE, INELIGIBLE, INCOMPLETE = "eligible", "ineligible", "incomplete"
STATUS_LABELS = {ELIGIBLE: "Cumple", INELIGIBLE: "No cumple", INCOMPLETE: "Falta información"}

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
    "registries": "registros sectoriales vigentes (RPA, RNA, ROA)",
    "member_sales_uf": "ventas anuales de cada empresa del grupo, en UF",
    "project_investment_clp": "inversión total del proyecto, en pesos",
    "has_overdue_debts": "si tienes deudas laborales, previsionales o tributarias morosas",
    "in_alimony_debtors_registry": "si estás en el Registro Nacional de Deudores de Pensiones de Alimentos",
    "in_emergency_register": "si figuras en el catastro oficial de empresas afectadas",
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


def _member_sales(profile: dict):
    sales = profile.get("member_sales_uf")
    return [Decimal(str(x)) for x in sales] if sales else None


def derive(profile: dict, *, at: date | None = None) -> dict:
    """The values the criteria test. Ages and months since the activity start are counted at `at` (the call's
    reference date), or at the profile's `as_of` (today if absent) when no call is named."""
    as_of = _as_date(profile.get("as_of")) or timezone.localdate()
    at = at or as_of
    birth = _as_date(profile.get("birth_date"))
    started = _as_date(profile.get("activity_start_date"))
    commune = profile.get("commune")
    sales = profile.get("annual_sales_uf")
    sales = None if sales is None else Decimal(str(sales))
    member_sales = _member_sales(profile)
    members = len(member_sales) if member_sales else profile.get("members")
    registries = profile.get("registries")
    investment = profile.get("project_investment_clp")
    return {
        "applicant_kind": profile.get("applicant_kind"),
        "age": years_between(birth, at) if birth else None,
        "sex": profile.get("sex"),
        "nationality": profile.get("nationality"),
        "region": commune[:2] if commune else None,
        "province": commune[:3] if commune else None,
        "commune": commune or None,
        "has_activity_start": profile.get("has_activity_start"),
        "firm_age_months": months_between(started, at) if started else None,
        "annual_sales_uf": sales,
        "sales_per_member_uf": (sales / members) if sales is not None and members else None,
        "activity_code": profile.get("activity_code") or None,
        "cooperative_class": profile.get("cooperative_class") or None,
        "members": members,
        "member_share_outside_sme_pct": share_outside_sme(member_sales),
        "project_investment_clp": None if investment is None else int(investment),
        "has_overdue_debts": profile.get("has_overdue_debts"),
        "in_alimony_debtors_registry": profile.get("in_alimony_debtors_registry"),
        "in_emergency_register": profile.get("in_emergency_register"),
        "in_good_standing": profile.get("in_good_standing"),
        "registries": None if registries is None else frozenset(registries),
    }


def at_reference(values: dict, profile: dict, at: date) -> dict:
    """`values` (from derive) with ages and months since activity start recounted at `at`."""
    birth = _as_date(profile.get("birth_date"))
    started = _as_date(profile.get("activity_start_date"))
    return {
        **values,
        "age": years_between(birth, at) if birth else None,
        "firm_age_months": months_between(started, at) if started else None,
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
    def unknown(name):
        if name == "members" and profile.get("member_sales_uf"):
            return False
        value = profile.get(name)
        return value is None or (name in ("members", "member_sales_uf") and not value)

    return [name for name in FIELDS[cond.field].needs if unknown(name)]


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
                rule_outcome = PASS if rule.declaration else UNKNOWN
        if rule_outcome == FAIL:
            return INELIGIBLE
        if rule_outcome == UNKNOWN:
            status = INCOMPLETE
    return status


def _unknown_message(missing: list[str]) -> str:
    labels = [PROFILE_LABELS.get(m, m) for m in missing]
    return f"Falta saber: {', '.join(labels)}." if labels else "Falta información para saberlo."


def declaration_text(rule: Rule) -> str:
    """«Al postular declararás que no tienes deudas …» from the rule's pass message («No tienes deudas …»)."""
    text = rule.pass_message
    return f"Al postular declararás que {text[:1].lower()}{text[1:]}"


def _detail(rule: Rule, profile: dict) -> str:
    """Which firms of the group fall outside 2,400-100,000 UF, named one by one (hard rule 25)."""
    fields = {c.field for branch in rule.branches for c in branch}
    member_sales = _member_sales(profile)
    if "member_share_outside_sme_pct" not in fields or not member_sales:
        return ""
    outside = [f"empresa {n} ({_uf(v)} UF)" for n, v in enumerate(member_sales, start=1) if outside_sme(v)]
    if not outside:
        return "Todas las empresas del grupo venden entre 2.400 y 100.000 UF al año."
    share = share_outside_sme(member_sales)
    return (
        f"Fuera del rango de 2.400 a 100.000 UF: {', '.join(outside)}; "
        f"son {len(outside)} de {len(member_sales)} ({_pct(share)}), y el máximo es 30%."
    )


def _uf(value: Decimal) -> str:
    whole, _, cents = f"{value:,.2f}".partition(".")
    text = whole.replace(",", ".")
    return text if cents == "00" else f"{text},{cents}"


def _pct(share) -> str:
    return f"{float(share):.1f}".replace(".", ",").replace(",0", "") + "%"


def evaluate_rules(profile: dict, rules: list[Rule], values: dict | None = None) -> dict:
    values = values if values is not None else derive(profile)
    criteria, missing, outcomes, declarations = [], [], set(), []
    for rule in rules:
        outcome, needed = evaluate_rule(rule, values, profile)
        if rule.declaration and outcome != FAIL:
            # Declared under oath when applying: not knowing it now never makes the result incomplete.
            declarations.append(declaration_text(rule))
            outcomes.add(PASS)
            needed = []
        else:
            outcomes.add(outcome)
            missing += [m for m in needed if m not in missing]
        if rule.declaration and outcome == UNKNOWN:
            message = declaration_text(rule)
        else:
            message = {PASS: rule.pass_message, FAIL: rule.fail_message}.get(outcome) or _unknown_message(needed)
        criteria.append(
            {
                "id": rule.id,
                "outcome": outcome,
                "message": message,
                "detail": _detail(rule, profile),
                "hint": "" if outcome == PASS else rule.hint,
                "source": rule.source_url,
                "source_note": rule.source_note,
                "verified": rule.verified,
                "referential": not rule.verified,
                "declaration": rule.declaration,
            }
        )
    status = INELIGIBLE if FAIL in outcomes else INCOMPLETE if UNKNOWN in outcomes else ELIGIBLE
    return {
        "status": status,
        "criteria": criteria,
        "missing": missing if status == INCOMPLETE else [],
        "declarations": declarations,
    }


def call_notices(call, profile: dict) -> list[str]:
    """What the applicant should know about the call beyond its criteria: a referential call says where its rules
    come from; a call that may restrict activities without a known list says where to check; tiered caps."""
    notices = []
    where = catalog.call_source(call)
    if call.rules_from:
        notices.append(
            f"Convocatoria referencial: no encontramos sus bases; sus reglas vienen de {call.rules_from}. "
            "Confírmalas en las bases oficiales antes de postular."
        )
    if call.sector_list_unknown and not call.focus_activity_codes:
        notices.append(
            "Esta convocatoria puede tener un foco sectorial (actividades económicas priorizadas) que no conocemos: "
            f"revísalo en sus bases{f' ({where})' if where else ''} o con la institución."
        )
    sales = profile.get("annual_sales_uf")
    if call.subsidy_tiers and sales is not None:
        sales = Decimal(str(sales))
        tier = next((t for t in call.subsidy_tiers if sales <= t["sales_uf_max"]), None)
        if tier:
            cap = f"{tier['max_clp']:,}".replace(",", ".")
            notices.append(
                f"Con tus ventas, el tope sería ${cap} y hasta el {tier['share_pct']}% del costo del proyecto."
            )
    return notices


def _result(call, profile: dict, rules: list[Rule], values: dict, now) -> dict:
    return {
        "call": call.code,
        "instrument": call.instrument.code,
        "agency": call.instrument.agency.code,
        "region": call.region_id,
        "call_status": call.status_at(now),
        "reference_date": call.reference_date,
        **evaluate_rules(profile, rules, values),
        "notices": call_notices(call, profile),
    }


def evaluate(profile: dict, call, *, rules: list[Rule] | None = None, now=None) -> dict:
    """The verdict of one profile for one call, with the outcome of every criterion, ages counted at the call's
    reference date."""
    values = derive(profile, at=call.reference_date)
    if rules is None:  # the call's parsed rules as kept until the catalogue changes (one query to know), else read
        rules = CallSet.current().rules.get(call.code) or catalog.rules_for_call(call)
    return _result(call, profile, rules, values, now or timezone.now())


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
        base = derive(profile)
        by_date: dict[date, dict] = {}
        results = []
        for call in self.calls:
            at = call.reference_date
            if at not in by_date:
                by_date[at] = at_reference(base, profile, at)
            results.append(_result(call, profile, self.rules[call.code], by_date[at], now))
        return results


def compile(call, *, rules: list[Rule] | None = None) -> Q:  # noqa: A001
    """The `Q` over `TargetProfile` that holds exactly for the profiles `evaluate` finds `eligible` for `call`."""
    from .compiled import compile_call  # noqa: PLC0415 (cycle: compiled.py builds on this module's date helpers)

    return compile_call(call, rules=rules)
