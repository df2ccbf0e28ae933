from datetime import date

import pytest

from panal.core.errors import DomainError
from panal.portfolio import selectors, services
from panal.portfolio.models import LedgerEntry, Project


def test_award_becomes_project_with_commitment_and_snapshot(builders):
    call = builders.call()
    person = builders.person(commune="06101", sex="F")
    project = builders.project(call, amount=4_000_000, person=person, own_contribution_clp=400_000)
    assert project.code == f"P2024-{project.pk:06d}"
    assert (project.beneficiary_type, project.sex, project.commune_id, project.province_id) == (
        "persona",
        "F",
        "06101",
        "061",
    )
    assert project.agency.code == "sercotec"
    assert project.committed_clp == 4_000_000
    assert [(e.kind, e.amount_clp) for e in selectors.ledger_of(project)] == [("commitment", 4_000_000)]


def test_same_award_twice_returns_the_same_project(builders):
    call = builders.call()
    person = builders.person()
    first = builders.project(call, person=person, key="application:77")
    again = builders.project(call, person=person, key="application:77")
    assert first.pk == again.pk
    assert Project.objects.filter(source_key="application:77").count() == 1


def test_enterprise_and_cooperative_types(builders):
    call = builders.call()
    firm = builders.project(call, enterprise=builders.enterprise(sales_uf="1500"))
    coop = builders.project(call, enterprise=builders.cooperative())
    assert firm.beneficiary_type == "micro"
    assert coop.beneficiary_type == "cooperativa"
    assert firm.sex == "" and coop.sex == ""


def test_award_above_call_budget_is_refused_and_nothing_written(builders):
    call = builders.call(budget=6_000_000)
    builders.project(call, amount=5_000_000)
    before = Project.objects.count()
    with pytest.raises(DomainError) as exc:
        builders.project(call, amount=2_000_000)
    assert exc.value.field == "amount_clp"
    assert "presupuesto disponible" in exc.value.message and "$1.000.000" in exc.value.message
    assert Project.objects.count() == before


@pytest.mark.parametrize(
    ("amount", "fragment"),
    [
        (-5, "mayor que cero"),
        (0, "mayor que cero"),
        (1500.5, "sin decimales"),
        ("1.500,50", "sin decimales"),
        ("mucho", "no es un monto"),
    ],
)
def test_negative_zero_or_fractional_award_is_refused(builders, amount, fragment):
    call = builders.call()
    before = Project.objects.count()
    with pytest.raises(DomainError) as exc:
        builders.project(call, amount=amount)
    assert exc.value.field == "amount_clp" and fragment in exc.value.message
    assert Project.objects.count() == before


def test_award_above_the_calls_maximum_subsidy_is_refused(builders):
    call = builders.call()  # sercotec-crece: up to $5.000.000
    with pytest.raises(DomainError, match="subsidio máximo"):
        builders.project(call, amount=5_000_001)


def test_disbursements_in_instalments_until_the_award_is_used(builders):
    project = builders.project(builders.call(), amount=5_000_000)
    services.disburse(project=project, amount_clp=3_000_000, paid_on=date(2024, 7, 1))
    second = services.disburse(project=project, amount_clp="2.000.000", paid_on=date(2024, 9, 1))
    project.refresh_from_db()
    assert second.instalment == 2
    assert (project.disbursed_clp, project.executed_clp, project.available_clp) == (5_000_000, 5_000_000, 0)


def test_disbursement_above_what_is_left_is_refused(builders):
    project = builders.project(builders.call(), amount=5_000_000)
    services.disburse(project=project, amount_clp=4_000_000, paid_on=date(2024, 7, 1))
    with pytest.raises(DomainError) as exc:
        services.disburse(project=project, amount_clp=1_000_001, paid_on=date(2024, 8, 1))
    assert exc.value.field == "amount_clp"
    assert "supera lo que queda por desembolsar" in exc.value.message and "$1.000.000" in exc.value.message
    project.refresh_from_db()
    assert project.disbursed_clp == 4_000_000
    assert LedgerEntry.objects.filter(project=project, kind="disbursement").count() == 1


@pytest.mark.parametrize("amount", [-1, 0, 10.5])
def test_bad_disbursement_amount_is_refused(builders, amount):
    project = builders.project(builders.call())
    with pytest.raises(DomainError) as exc:
        services.disburse(project=project, amount_clp=amount, paid_on=date(2024, 7, 1))
    assert exc.value.field == "amount_clp"
    assert not LedgerEntry.objects.filter(project=project, kind="disbursement").exists()


def test_retried_disbursement_with_same_key_is_recorded_once(builders):
    project = builders.project(builders.call())
    a = services.disburse(project=project, amount_clp=1_000_000, paid_on=date(2024, 7, 1), idempotency_key="k-1")
    b = services.disburse(project=project, amount_clp=1_000_000, paid_on=date(2024, 7, 1), idempotency_key="k-1")
    project.refresh_from_db()
    assert a.pk == b.pk and project.disbursed_clp == 1_000_000


def test_reversal_corrects_without_editing(builders):
    project = builders.project(builders.call(), amount=5_000_000)
    wrong = services.disburse(project=project, amount_clp=5_000_000, paid_on=date(2024, 7, 1))
    services.reverse_entry(entry=wrong, reason="Monto digitado con error", on=date(2024, 7, 2))
    services.disburse(project=project, amount_clp=500_000, paid_on=date(2024, 7, 2))
    project.refresh_from_db()
    assert project.disbursed_clp == 500_000
    amounts = list(
        LedgerEntry.objects.filter(project=project, kind="disbursement").values_list("amount_clp", flat=True)
    )
    assert amounts == [5_000_000, -5_000_000, 500_000]
    with pytest.raises(DomainError, match="ya fue revertido"):
        services.reverse_entry(entry=wrong, reason="otra vez")
    with pytest.raises(ValueError, match="no se modifican"):
        wrong.note = "cambiado"
        wrong.save()
    with pytest.raises(ValueError, match="no se borran"):
        wrong.delete()


def test_expense_report_refund_and_closure(builders):
    project = builders.project(builders.call(), amount=5_000_000)
    services.disburse(project=project, amount_clp=5_000_000, paid_on=date(2024, 7, 1))
    services.record_expense_report(
        project=project,
        submitted_on=date(2024, 11, 1),
        reviewed_on=date(2024, 11, 15),
        items=[
            {"description": "Horno industrial", "amount_clp": 4_200_000, "approved": True},
            {"description": "Almuerzos", "amount_clp": 300_000, "approved": False, "reason": "Gasto no financiable"},
        ],
    )
    with pytest.raises(DomainError, match=r"quedan \$800\.000 sin rendir"):
        services.close_project(project=project, closed_on=date(2024, 12, 1))
    with pytest.raises(DomainError, match="supera el dinero entregado aún sin rendir"):
        services.record_refund(project=project, amount_clp=800_001, refunded_on=date(2024, 11, 20))
    services.record_refund(project=project, amount_clp=800_000, refunded_on=date(2024, 11, 20))
    closed = services.close_project(project=project, closed_on=date(2024, 12, 1), note="Proyecto terminado")
    assert closed.status == "cerrado"
    assert (closed.approved_clp, closed.rejected_clp, closed.refunded_clp, closed.executed_clp) == (
        4_200_000,
        300_000,
        800_000,
        4_200_000,
    )
    assert closed.committed_clp == 4_200_000  # the unspent commitment is released
    with pytest.raises(DomainError, match="está cerrado"):
        services.disburse(project=closed, amount_clp=1, paid_on=date(2024, 12, 2))


def test_rejected_item_needs_a_reason(builders):
    project = builders.project(builders.call())
    services.disburse(project=project, amount_clp=1_000_000, paid_on=date(2024, 7, 1))
    with pytest.raises(DomainError) as exc:
        services.record_expense_report(
            project=project,
            submitted_on=date(2024, 8, 1),
            reviewed_on=date(2024, 8, 2),
            items=[{"description": "Flete", "amount_clp": 100_000, "approved": False}],
        )
    assert exc.value.field == "items.1.reason"
    assert not project.expense_reports.exists()


def test_summary_columns_equal_the_ledger(builders):
    call = builders.call()
    projects = [builders.project(call, amount=3_000_000) for _ in range(3)]
    services.disburse(project=projects[0], amount_clp=1_000_000, paid_on=date(2024, 7, 1))
    entry = services.disburse(project=projects[1], amount_clp=2_000_000, paid_on=date(2024, 7, 1))
    services.reverse_entry(entry=entry, reason="error")
    services.disburse(project=projects[2], amount_clp=3_000_000, paid_on=date(2024, 7, 1))
    services.record_refund(project=projects[2], amount_clp=250_000, refunded_on=date(2024, 9, 1))
    ledger = selectors.ledger_totals()
    summary = selectors.totals()
    assert ledger["disbursed_clp"] == summary["disbursed_clp"] == 3_750_000
    assert ledger["committed_clp"] == 9_000_000 == summary["awarded_clp"]
