"""Two people acting on one project at the same moment, with real transactions: the project lock keeps the
invariants (rendido ≤ transferred + allowed; no budget line below zero; a closed project takes no new expense)."""

from datetime import date

import pytest
from django.db import connection

from panal.portfolio import grantee, services
from panal.portfolio.models import BudgetLine, Expense, Project

from .test_concurrency import _race
from .test_grantee_project import LINES, expense


@pytest.fixture
def signed(builders, make_user):
    from panal.registry import services as registry

    from .conftest import next_rut

    user = make_user(email=f"conc{next_rut()}@example.cl")
    person = registry.create_person(rut=next_rut(), first_names="Ana", last_names="Soto", commune="06101", user=user)
    staff = [make_user(email=f"s{i}{next_rut()}@panal.cl", role="agency_staff", agency_code="sercotec") for i in (1, 2)]
    project = builders.project(builders.call(), amount=3_500_000, person=person)
    grantee.prepare_grant(project=project, lines=LINES)
    grantee.accept_grant(project=project, actor=user)
    grantee.countersign_grant(project=project, actor=staff[0])
    return project, user, staff


@pytest.mark.django_db(transaction=True)
def test_two_approvals_at_once_never_push_a_line_below_zero(signed):
    project, user, staff = signed
    services.disburse(project=project, amount_clp=3_500_000, paid_on=date(2024, 7, 1))
    # line 2 has 500.000: each expense fits alone, both together do not
    items = [expense(project, user, amount=300_000, line=1, number=str(n)) for n in (1, 2)]
    if connection.vendor == "sqlite":
        connection.close()

    def approve(i):
        grantee.review_expense(expense=items[i], actor=staff[i], outcome="approve")

    results = _race(2, approve)
    assert results.count("ok") == 1
    assert any("supera el saldo de la línea" in r for r in results if r != "ok")
    line = BudgetLine.objects.get(project=project, position=2)
    assert line.approved_clp == 300_000 <= line.amount_clp


@pytest.mark.django_db(transaction=True)
def test_concurrent_approvals_never_exceed_what_was_transferred(signed):
    project, user, staff = signed
    services.disburse(project=project, amount_clp=1_000_000, paid_on=date(2024, 7, 1))
    items = [expense(project, user, amount=600_000, line=0, number=str(n)) for n in (1, 2)]
    if connection.vendor == "sqlite":
        connection.close()

    def approve(i):
        grantee.review_expense(expense=items[i], actor=staff[i], outcome="approve")

    results = _race(2, approve)
    assert results.count("ok") == 1
    project = Project.objects.get(pk=project.pk)
    assert project.approved_clp == 600_000 <= project.executed_clp


@pytest.mark.django_db(transaction=True)
def test_an_expense_racing_the_closing_is_either_before_it_or_refused(signed):
    project, user, staff = signed
    grantee.submit_final_report(project=project, actor=user, text="Informe.")
    if connection.vendor == "sqlite":
        connection.close()

    def act(i):
        if i == 0:
            grantee.close_grant(project=project, actor=staff[0])
        else:
            expense(project, user, amount=10_000, number="77")

    results = _race(2, act)
    project = Project.objects.get(pk=project.pk)
    pending = Expense.objects.filter(project=project, state="submitted").count()
    if project.status == "cerrado":
        assert pending == 0  # the expense came after the closing and was refused
        assert any("está cerrado" in r for r in results if r != "ok")
    else:
        assert pending == 1  # the expense came first: the closing was refused because it waits for review
        assert any("sin revisión final" in r for r in results if r != "ok")
