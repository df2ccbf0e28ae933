"""For every shipped call, the compiled query selects exactly the profiles the engine finds eligible.

Dates fall right around the shipped calls' reference dates (their openings), where ages and months since the
activity start change; each group firm's sales around 2,400 and 100,000 UF, and groups of 1 to 13 firms so the
share outside lands on, under and over 30%; declarations true, false and unknown."""

import calendar
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from panal.eligibility import engine
from panal.eligibility.models import TargetProfile
from panal.eligibility.services import replace_targets

SALES = [
    0,
    "19.99",
    20,
    "199.99",
    200,
    "2399.99",
    2400,
    "2400.01",
    "24999.99",
    25000,
    "25000.01",
    "99999.99",
    100000,
    "100000.01",
    125000,
    "125000.05",
    500000,
]


def maybe(strategy):
    """Mostly known, sometimes unknown (None)."""
    return st.one_of(st.none(), strategy, strategy, strategy)


def months_back(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


# The shipped calls' openings: ages and months since activity start are counted there.
REFERENCE_DATES = [
    date(2024, 3, 18),
    date(2024, 4, 2),
    date(2024, 4, 8),
    date(2024, 4, 15),
    date(2024, 5, 7),
    date(2024, 5, 13),
    date(2024, 6, 3),
    date(2024, 7, 1),
]
MEMBER_SALES = ["0", "100", "2399.99", "2400", "2400.01", "50000", "99999.99", "100000", "100000.01", "500000"]


@st.composite
def profiles(draw, as_of):
    # Dates right at the anniversaries the rules test (18 years, 3 and 12 months) of a call's reference date, a day
    # either side, or anywhere.
    def around(months):
        pivot = draw(st.sampled_from(REFERENCE_DATES))
        return months_back(pivot, months) + timedelta(days=draw(st.sampled_from([-1, 0, 0, 1])))

    birth = st.one_of(
        st.builds(around, st.sampled_from([12 * 17, 12 * 18, 12 * 19])), st.dates(date(1930, 1, 1), as_of)
    )
    started = st.one_of(st.builds(around, st.sampled_from([2, 3, 11, 12, 13])), st.dates(date(1990, 1, 1), as_of))
    kind = draw(st.sampled_from(["persona", "empresa", "cooperativa", "grupo"]))
    return {
        "applicant_kind": kind,
        "birth_date": draw(maybe(birth)),
        "sex": draw(maybe(st.sampled_from(["F", "F", "M", "X"]))),
        "nationality": draw(maybe(st.sampled_from(["CL", "extranjera"]))),
        "commune": draw(maybe(st.sampled_from(["06101", "06201", "06201", "06204", "06301", "13101"]))),
        "has_activity_start": draw(maybe(st.booleans())),
        "activity_start_date": draw(maybe(started)),
        "annual_sales_uf": draw(
            maybe(
                st.one_of(
                    st.sampled_from([Decimal(str(s)) for s in SALES]),
                    st.decimals(min_value=0, max_value=300000, places=2, allow_nan=False, allow_infinity=False),
                )
            )
        ),
        "activity_code": draw(maybe(st.sampled_from(["011101", "479100", "561000"]))),
        "cooperative_class": draw(maybe(st.sampled_from(["agricola", "trabajo", "ahorro_credito", "vivienda"]))),
        "members": draw(maybe(st.sampled_from([0, 1, 4, 5, 6, 10]))),
        "in_good_standing": draw(maybe(st.booleans())),
        "registries": draw(maybe(st.lists(st.sampled_from(["RPA", "RNA", "ROA"]), unique=True, max_size=3))),
        "member_sales_uf": draw(
            st.one_of(
                st.none(),
                st.lists(st.sampled_from([Decimal(v) for v in MEMBER_SALES]), min_size=1, max_size=13),
            )
        ),
        "project_investment_clp": draw(maybe(st.sampled_from([0, 11_999_999, 12_000_000, 12_000_001, 90_000_000]))),
        "has_overdue_debts": draw(maybe(st.booleans())),
        "in_alimony_debtors_registry": draw(maybe(st.booleans())),
        "in_emergency_register": draw(maybe(st.booleans())),
    }


@st.composite
def populations(draw):
    as_of = draw(st.one_of(st.sampled_from(REFERENCE_DATES), st.dates(date(2000, 1, 1), date(2030, 12, 31))))
    people = draw(st.lists(profiles(as_of), min_size=1, max_size=30))
    return as_of, people


# How many populations: the Hypothesis profile's (tests/conftest.py: 200, or 50 in `make test-fast`).
@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(population=populations())
def test_compiled_query_and_engine_agree_on_random_profiles_for_every_shipped_call(reference_data, population):
    as_of, people = population
    replace_targets(rows=[("person", i, p) for i, p in enumerate(people)])
    callset = engine.CallSet()
    assert len(callset.calls) == 9
    for call in callset.calls:
        rules = callset.rules[call.code]
        by_engine = {
            i
            for i, p in enumerate(people)
            if engine.evaluate(p | {"as_of": as_of}, call, rules=rules)["status"] == engine.ELIGIBLE
        }
        by_verdict = {
            i
            for i, p in enumerate(people)
            if engine.verdict(rules, engine.derive({**p, "as_of": as_of}, at=call.reference_date)) == engine.ELIGIBLE
        }
        compiled = engine.compile(call, rules=rules)
        by_query = set(TargetProfile.objects.filter(compiled).values_list("object_id", flat=True))
        assert by_query == by_engine, call.code
        assert by_verdict == by_engine, call.code
