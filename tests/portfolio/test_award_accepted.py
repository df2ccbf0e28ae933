"""An award accepted in the applications app becomes a project (the portfolio listens to its signal)."""

import pytest

from panal.catalog.selectors import get_call
from panal.core.errors import DomainError
from panal.portfolio import selectors
from panal.portfolio.models import CallBudget, Project


def _accepted(call, person, amount, pk_hint):
    from panal.applications.models import Application
    from panal.applications.signals import award_accepted

    application = Application.objects.create(
        call=call, person=person, state="accepted", folio=f"TEST-{pk_hint}", awarded_clp=amount
    )
    award_accepted.send(sender=Application, application=application, actor=None)
    return application


def test_accepted_award_becomes_a_project(builders):
    call = builders.call()
    person = builders.person()
    application = _accepted(call, person, 3_500_000, 1)
    project = Project.objects.get(source_key=f"application:{application.pk}")
    assert (project.person, project.awarded_clp, project.committed_clp) == (person, 3_500_000, 3_500_000)
    assert "TEST-1" in project.title


def test_acceptance_above_the_registered_budget_is_refused(builders):
    call = builders.call(budget=4_000_000)
    _accepted(call, builders.person(), 3_000_000, 2)
    with pytest.raises(DomainError, match="presupuesto disponible"):
        _accepted(call, builders.person(), 3_000_000, 3)


def test_declared_catalogue_budget_applies_until_funding_is_registered(builders):
    call = get_call("corfo-activa-inversion")  # the catalogue declares $100.000.000 and no line is registered
    assert call.budget_clp == 100_000_000
    project = builders.project(call, amount=15_000_000, enterprise=builders.enterprise())
    assert project.funding_source is None
    assert CallBudget.objects.get(call=call).budget_clp == 100_000_000
    by_source = selectors.execution_stats("funding_source")
    assert [(r["label"], r["awarded_clp"]) for r in by_source] == [("Sin fuente registrada", 15_000_000)]


def test_registered_funding_replaces_the_declared_budget_but_not_below_awarded(builders, reference_data):
    from panal.portfolio import services

    call = get_call("corfo-activa-inversion")
    builders.project(call, amount=15_000_000, enterprise=builders.enterprise())
    source = services.create_funding_source(
        code="corfo-2024", name="Corfo 2024", kind="sectorial", agency_code="corfo", year=2024, amount_clp=10**9
    )
    with pytest.raises(DomainError, match="menor que lo ya adjudicado"):
        services.fund_call(call=call, source=source, amount_clp=10_000_000)
    services.fund_call(call=call, source=source, amount_clp=20_000_000)
    assert CallBudget.objects.get(call=call).budget_clp == 20_000_000
