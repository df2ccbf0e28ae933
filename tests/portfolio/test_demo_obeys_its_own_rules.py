"""The demo portfolio that `make run` loads awards money only to beneficiaries who meet their call's rules."""

from collections import defaultdict

import pytest

from panal.catalog import demo as catalog_demo
from panal.eligibility.engine import ELIGIBLE, evaluate
from panal.portfolio import demo as portfolio_demo
from panal.portfolio.models import Project
from panal.registry import demo as registry_demo
from panal.registry.selectors import eligibility_profile
from tests.module_data import loaded_once_per_module

pytestmark = pytest.mark.usefixtures("reference_data")


def _load_demo_portfolio() -> str:
    registry_demo.load_demo()
    catalog_demo.load_demo()
    return portfolio_demo.load_demo()


demo_portfolio = loaded_once_per_module(_load_demo_portfolio)


def test_every_demo_award_passes_its_calls_criteria(demo_portfolio):
    projects = list(Project.objects.filter(is_sample=True).select_related("call", "person", "enterprise"))
    assert len(projects) >= 60
    refused = []
    for project in projects:
        profile = eligibility_profile(person=project.person, enterprise=project.enterprise)
        result = evaluate(profile, project.call)
        if result["status"] != ELIGIBLE:
            failed = [c["id"] for c in result["criteria"] if c["outcome"] != "pass"]
            refused.append((project.call.code, project.code, result["status"], failed))
    assert refused == []


def test_the_calls_the_registry_cannot_answer_get_no_demo_awards_and_the_summary_says_so(demo_portfolio):
    awarded = set(Project.objects.filter(is_sample=True).values_list("call__code", flat=True))
    # Groups of firms and the emergency register are not in the sample registry: no one can be shown to qualify.
    assert not awarded & {"sercotec-cooperativas-creacion", "corfo-red-asociativa", "corfo-par"}
    assert {"indespa-capital-semilla", "corfo-activa-inversion", "capital-abeja-emprende"} <= awarded
    assert "Sin adjudicaciones de ejemplo" in demo_portfolio and "Red Asociativa" in demo_portfolio


def test_indespa_awards_go_to_women_with_a_current_rpa_and_activa_awards_to_cardenal_caro(demo_portfolio):
    for project in Project.objects.filter(is_sample=True, call__code="indespa-capital-semilla"):
        assert project.person.sex == "F" and project.person.in_rpa
    provinces = set(
        Project.objects.filter(is_sample=True, call__code="corfo-activa-inversion").values_list(
            "province_id", flat=True
        )
    )
    assert provinces == {"062"}


def test_objectives_vary_within_an_instrument_with_several_objectives(demo_portfolio):
    by_instrument = defaultdict(set)
    for code, objective in Project.objects.filter(is_sample=True).values_list("instrument__code", "objective"):
        by_instrument[code].add(objective)
    assert len(by_instrument["sercotec-crece"]) >= 2
    assert len({o for objectives in by_instrument.values() for o in objectives}) >= 3


def test_loading_the_demo_twice_adds_nothing(demo_portfolio):
    count = Project.objects.count()
    assert "ya estaba cargada" in portfolio_demo.load_demo()
    assert Project.objects.count() == count
