"""A call's rules compiled to one `Q` over `TargetProfile`: the profiles the engine finds `eligible`, in SQL.

Ages and months since the activity start are date comparisons against the call's reference date (the same
`_shift_back` the engine's arithmetic agrees with); a declared criterion holds unless the stored answer says
otherwise (unknown counts as "will be declared"); the group's share of firms outside 2,400-100,000 UF is compared
in whole numbers (outside × 100 against limit × firms), never rounded.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db.models import F, Q, Value
from django.db.models.lookups import Exact, GreaterThan, GreaterThanOrEqual, LessThan, LessThanOrEqual

from panal.catalog import selectors as catalog
from panal.catalog.criteria import Cond, Rule

from .engine import _shift_back

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
    "project_investment_clp",
    "has_overdue_debts",
    "in_alimony_debtors_registry",
    "in_emergency_register",
}
_REGISTRY_COLUMNS = {"RPA": "reg_rpa", "RNA": "reg_rna", "ROA": "reg_roa"}
_LOOKUPS = {
    "eq": Exact,
    "gte": GreaterThanOrEqual,
    "gt": GreaterThan,
    "lte": LessThanOrEqual,
    "lt": LessThan,
}


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


def _elapsed(column: str, op: str, n: int, at: date, unit_months: int) -> Q:
    """`elapsed(column → at) op n` in whole units, as date comparisons (elapsed >= k ⟺ column <= cutoff(k))."""

    def at_least(k: int) -> Q:
        return Q(**{f"{column}__lte": _shift_back(at, k * unit_months)})

    def less_than(k: int) -> Q:
        return Q(**{f"{column}__gt": _shift_back(at, k * unit_months)})

    if op == "gte":
        return at_least(n)
    if op == "gt":
        return at_least(n + 1)
    if op == "lt":
        return less_than(n)
    if op == "lte":
        return less_than(n + 1)
    return at_least(n) & less_than(n + 1)  # eq


def _number(value: Decimal):
    """A whole Decimal as int (exact in every database), else the Decimal."""
    return int(value) if value == value.to_integral_value() else value


def _condition_q(cond: Cond, at: date) -> Q:
    field, op, value = cond.field, cond.op, cond.value
    if field == "age":
        return _elapsed("birth_date", op, value, at, 12)
    if field == "firm_age_months":
        return _elapsed("activity_start_date", op, value, at, 1)
    if field == "sales_per_member_uf":
        lookup = {f"annual_sales_uf__{_LOOKUPS[op].lookup_name}": F("members") * Decimal(value)}
        return Q(members__gt=0, annual_sales_uf__isnull=False) & Q(**lookup)
    if field == "member_share_outside_sme_pct":
        # outside / members × 100 op value  ⟺  outside × 100 op value × members (members > 0)
        compare = _LOOKUPS[op](F("members_outside_sme") * Value(100), F("members") * Value(_number(Decimal(value))))
        return Q(members_outside_sme__isnull=False, members__gt=0) & Q(compare)
    if field == "registries":
        columns = [_REGISTRY_COLUMNS[v] for v in ([value] if op == "contains" else sorted(value))]
        result = Q()
        for column in columns:
            result |= Q(**{column: True})
        return result
    if field in _COLUMNS:
        return _compare(field, op, value)
    raise ValueError(f"campo sin columna: {field}")  # pragma: no cover - FIELDS and _COLUMNS are kept in step


def _declared_q(rule: Rule) -> Q:
    """A declared yes/no criterion: met unless the stored answer contradicts it (NULL = will be declared)."""
    (cond,) = rule.branches[0]
    return Q(**{cond.field: cond.value}) | Q(**{f"{cond.field}__isnull": True})


def compile_rules(rules: list[Rule], *, at: date) -> Q:
    query = Q()
    for rule in rules:
        if rule.declaration:
            query &= _declared_q(rule)
            continue
        alternatives = Q()
        for branch in rule.branches:
            together = Q()
            for cond in branch:
                together &= _condition_q(cond, at)
            alternatives |= together
        query &= alternatives
    return query


def compile_call(call, *, rules: list[Rule] | None = None) -> Q:
    """Ages counted at the call's reference date, as the engine counts them."""
    return compile_rules(rules if rules is not None else catalog.rules_for_call(call), at=call.reference_date)
