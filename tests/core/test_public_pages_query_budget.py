"""The public pages `make bench-pages` loads stay within a fixed number of queries however many rows they show (no
query per row), and a visitor who comes back is answered from the kept page after one cheap data-version check."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from tests.events.conftest import edition, make_activity  # noqa: F401  (the Semana's builders)
from tests.portfolio.conftest import builders  # noqa: F401  (the portfolio's builders)

# path → (queries when rendered, queries when kept for visitors)
BUDGETS = {
    "/": (3, 0),
    "/instrumentos/": (5, 1),
    "/semana/": (6, 0),
    "/cifras/": (25, 1),
    "/territorio/comunas/06101/": (6, 1),
    "/api/v1/activities": (2, 1),
}


@pytest.fixture
def public_data(reference_data, builders, make_activity):  # noqa: F811
    from panal.catalog.services import create_call

    now = timezone.now()
    for n in range(3):
        create_call(
            code=f"abeja-presupuesto-{n}",
            instrument_code="capital-abeja-emprende",
            title=f"Capital Abeja {n}",
            year=now.year,
            region_code="06",
            opens_at=now - timedelta(days=1),
            closes_at=now + timedelta(days=30),
            funding_source="sercotec",
        )
        make_activity(title=f"Taller {n}", capacity=5, hour=9 + n)
    call = builders.call()
    for _ in range(3):
        builders.project(call, person=builders.person(commune="06101"))
        builders.project(call, enterprise=builders.enterprise(commune="06101"))


@pytest.mark.parametrize("path", BUDGETS)
def test_public_page_stays_within_its_query_budget_rendered_and_kept(
    client, public_data, django_assert_max_num_queries, path
):
    rendered, kept = BUDGETS[path]
    cache.clear()
    with django_assert_max_num_queries(rendered):
        assert client.get(path).status_code == 200
    with django_assert_max_num_queries(kept):
        assert client.get(path).status_code == 200
