"""The grantee's project: convenio from the award, expenses reviewed by staff, per-line balances from the ledger,
refunds for rejected expenses, final report and closing; and the invariants that hold whatever the order."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from panal.core.errors import DomainError, PermissionDenied
from panal.portfolio import grantee, selectors, services
from panal.portfolio.models import BudgetLine, LedgerEntry

from .conftest import next_rut

pytestmark = pytest.mark.django_db

LINES = [
    {"category": "inversion", "category_label": "Inversiones", "description": "Horno industrial", "amount": 3_000_000},
    {"category": "gestion", "category_label": "Gestión", "description": "Curso de marketing", "amount": 500_000},
]
SUPPLIER = "76.086.428-5"


def scan(name="factura.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4\n" + b"0" * 500, content_type="application/pdf")


@pytest.fixture
def grant(builders, make_user):
    """A project of 3.500.000 awarded to a person with an account, its convenio accepted and countersigned."""
    from panal.registry import services as registry

    user = make_user(email=f"beneficiaria{next_rut()}@example.cl")
    person = registry.create_person(
        rut=next_rut(), first_names="Rosa", last_names="Pérez", sex="F", commune="06101", user=user
    )
    staff = make_user(email=f"sercotec{next_rut()}@panal.cl", role="agency_staff", agency_code="sercotec")
    project = builders.project(builders.call(), amount=3_500_000, person=person)
    grantee.prepare_grant(project=project, lines=LINES, execution_months=6)
    grantee.accept_grant(project=project, actor=user)
    grantee.countersign_grant(project=project, actor=staff)
    project.refresh_from_db()
    return project, user, staff


def expense(project, user, *, amount=1_000_000, line=0, number="101", rut=SUPPLIER, doc="factura"):
    lines = list(BudgetLine.objects.filter(project=project).order_by("position"))
    return grantee.submit_expense(
        project=project,
        actor=user,
        line_id=str(lines[line].pk),
        document_type=doc,
        document_number=number,
        issued_on=date(2024, 7, 10),
        supplier_rut=rut,
        amount_clp=amount,
        file=scan(),
    )


def test_the_convenio_carries_the_award_lines_and_milestones(grant):
    project, user, staff = grant
    agreement = project.grant_agreement
    assert agreement.accepted_by == user and agreement.countersigned_by == staff
    assert [line.amount_clp for line in project.budget_lines.order_by("position")] == [3_000_000, 500_000]
    assert {m.key for m in project.milestones.all()} == {"convenio", "rendicion", "informe"}
    assert project.milestones.get(key="convenio").done_on is not None


def test_requested_lines_are_scaled_to_a_smaller_award_in_whole_pesos(builders):
    project = builders.project(builders.call(), amount=1_000_001)
    grantee.prepare_grant(project=project, lines=LINES)
    amounts = list(project.budget_lines.order_by("position").values_list("amount_clp", flat=True))
    assert sum(amounts) == 1_000_001 and amounts[0] > amounts[1] > 0


def test_countersigning_needs_the_grantees_acceptance_first(builders, make_user):
    project = builders.project(builders.call())
    grantee.prepare_grant(project=project, lines=LINES)
    staff = make_user(email="staff-x@panal.cl", role="agency_staff", agency_code="sercotec")
    with pytest.raises(DomainError, match="aún no acepta"):
        grantee.countersign_grant(project=project, actor=staff)


def test_another_person_cannot_submit_expenses_on_the_project(grant, make_user):
    project, _, _ = grant
    stranger = make_user(email="otra@example.cl")
    with pytest.raises(PermissionDenied):
        expense(project, stranger)


def test_observed_expense_answered_then_approved_posts_rendido_on_its_line(grant):
    project, user, staff = grant
    services.disburse(project=project, amount_clp=2_000_000, paid_on=date(2024, 7, 1))
    item = expense(project, user, amount=1_200_000)
    grantee.review_expense(expense=item, actor=staff, outcome="observe", note="La factura no es legible.")
    with pytest.raises(DomainError):
        grantee.review_expense(expense=item, actor=staff, outcome="approve")  # waits for the answer
    grantee.answer_observation(expense=item, actor=user, answer="Subo una copia legible en la nota.")
    grantee.review_expense(expense=item, actor=staff, outcome="approve")
    rows = selectors.line_balances(project)
    assert rows[0]["approved"] == 1_200_000 and rows[0]["balance"] == 1_800_000
    assert rows[1]["approved"] == 0 and rows[1]["balance"] == 500_000
    assert sum(r["transferred"] for r in rows) == 2_000_000
    entry = LedgerEntry.objects.get(project=project, kind="report_approved")
    assert entry.budget_line_id == rows[0]["line"].pk and entry.amount_clp == 1_200_000


def test_an_expense_above_what_is_left_on_its_line_is_refused(grant):
    project, user, _ = grant
    with pytest.raises(DomainError, match="supera el saldo de la línea"):
        expense(project, user, amount=500_001, line=1)


def test_approval_never_exceeds_what_was_transferred(grant):
    project, user, staff = grant
    services.disburse(project=project, amount_clp=300_000, paid_on=date(2024, 7, 1))
    item = expense(project, user, amount=400_000)
    with pytest.raises(DomainError, match="más gasto rendido que lo transferido"):
        grantee.review_expense(expense=item, actor=staff, outcome="approve")
    project.refresh_from_db()
    assert project.approved_clp == 0


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("rut", "76.086.428-6", "no es válido"),
        ("rut", "\x00", "no es válido"),
        ("number", "abc", "número entero"),
        ("doc", "recibo", "tipo de documento"),
        ("amount", "1,5", "sin decimales"),
        ("amount", -5, "El monto del gasto"),
    ],
)
def test_bad_expense_input_is_refused_naming_the_field(grant, field, value, message):
    project, user, _ = grant
    kwargs = {"rut": SUPPLIER, "number": "7", "doc": "factura", "amount": 10_000}
    kwargs[field] = value
    with pytest.raises(DomainError, match=message):
        expense(project, user, **kwargs)


def test_the_same_tax_document_is_accounted_for_once(grant):
    project, user, _ = grant
    expense(project, user, amount=10_000, number="55")
    with pytest.raises(DomainError, match="ya fue rendido"):
        expense(project, user, amount=10_000, number="55")


def test_rejected_expense_asks_for_a_refund_and_paying_it_allows_closing(grant):
    project, user, staff = grant
    services.disburse(project=project, amount_clp=1_000_000, paid_on=date(2024, 7, 1))
    good = expense(project, user, amount=800_000, number="1")
    bad = expense(project, user, amount=200_000, number="2", doc="boleta")
    grantee.review_expense(expense=good, actor=staff, outcome="approve")
    grantee.review_expense(expense=bad, actor=staff, outcome="reject", note="Gasto fuera del proyecto.")
    refund = project.refund_requests.get()
    assert refund.amount_clp == 200_000
    project.refresh_from_db()
    assert "reintegro" in " ".join(grantee.closing_problems(project))
    with pytest.raises(DomainError, match="No se puede cerrar"):
        grantee.close_grant(project=project, actor=staff)
    grantee.pay_refund(refund=refund, actor=staff, paid_on=date(2024, 8, 1), reference="depósito 9")
    grantee.submit_final_report(project=project, actor=user, text="Compramos el horno y vendemos el doble.")
    closed = grantee.close_grant(project=project, actor=staff)
    assert closed.status == "cerrado"
    assert grantee.closing_problems(closed) == []


def test_a_closed_project_takes_no_new_expense(grant):
    project, user, staff = grant
    grantee.submit_final_report(project=project, actor=user, text="Sin gastos: renunciamos al subsidio.")
    grantee.close_grant(project=project, actor=staff)
    with pytest.raises(DomainError, match="está cerrado"):
        expense(project, user, amount=10_000)


def test_staff_of_another_agency_cannot_review(grant, make_user):
    project, user, _ = grant
    item = expense(project, user, amount=10_000)
    corfo = make_user(email="corfo@panal.cl", role="agency_staff", agency_code="corfo")
    with pytest.raises(PermissionDenied):
        grantee.review_expense(expense=item, actor=corfo, outcome="approve")


def test_line_constraint_is_the_last_line_of_defence(grant):
    from django.db import IntegrityError, transaction

    project, _, _ = grant
    line = project.budget_lines.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetLine.objects.filter(pk=line.pk).update(approved_clp=line.amount_clp + 1)
