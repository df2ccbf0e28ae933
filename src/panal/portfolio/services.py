"""Every write on the portfolio: awards become projects; the ledger records commitments, disbursements, expense
reports, refunds and closure. Append-only: a mistake is corrected with `reverse_entry`.

Each function locks the rows whose balances it changes (`select_for_update`) so concurrent requests cannot push a
project past its award or a call past its budget; the database's CHECK constraints are the last line.
"""

from datetime import date
from uuid import uuid4

from django.db import IntegrityError, transaction

from panal.catalog.models import OBJECTIVES
from panal.core import audit
from panal.core.errors import DomainError
from panal.core.money import format_clp
from panal.registry.selectors import eligibility_profile

from .funding import (  # noqa: F401  (re-exported: the portfolio's write API lives here)
    _locked_budget,
    _user,
    clean_clp,
    clean_date,
    create_agreement,
    create_funding_source,
    fund_call,
    record_transfer,
    reverse_transfer,
)
from .models import CallFunding, ExpenseItem, ExpenseReport, GrantAgreement, LedgerEntry, Project

# kind → the summary columns an entry of that kind moves (executed moves with disbursements and, negatively, refunds)
_BALANCE = {
    "commitment": ("committed_clp",),
    "disbursement": ("disbursed_clp", "executed_clp"),
    "refund": ("refunded_clp",),
    "report_approved": ("approved_clp",),
    "report_rejected": ("rejected_clp",),
}
_BALANCE_FIELDS = [
    "committed_clp",
    "disbursed_clp",
    "executed_clp",
    "refunded_clp",
    "approved_clp",
    "rejected_clp",
    "instalments",
]


def _beneficiary(person, enterprise) -> dict:
    """The award-time snapshot of who receives the money (type, sex, commune)."""

    if (person is None) == (enterprise is None):
        raise DomainError("Indique una persona o una empresa/cooperativa beneficiaria, solo una.", field="beneficiary")
    if person is not None:
        commune, key, kind, sex = person.commune, f"p{person.pk}", "persona", person.sex or ""
    else:
        kind = eligibility_profile(enterprise=enterprise)["applicant_kind"]
        if kind != "cooperativa":
            kind = enterprise.size or "sin_tamano"
        commune, key, sex = enterprise.commune, f"e{enterprise.pk}", ""
    if commune is None:
        raise DomainError("El beneficiario no tiene comuna registrada; complétela en el registro.", field="beneficiary")
    return {
        "commune": commune,
        "province_id": commune.province_id,
        "beneficiary_key": key,
        "beneficiary_type": kind,
        "sex": sex,
    }


def _funding_for(call, funding_source, agreement):
    """The source named, else the call's largest funding line, else none (the call's money is not registered)."""
    if funding_source is not None:
        return funding_source, agreement
    line = CallFunding.objects.filter(call=call).order_by("-amount_clp", "id").first()
    return (line.source, line.agreement) if line else (None, None)


@transaction.atomic
def create_project_from_award(
    *,
    call,
    amount_clp,
    awarded_on,
    source_key: str,
    person=None,
    enterprise=None,
    own_contribution_clp=0,
    title: str = "",
    objective: str | None = None,
    starts_on=None,
    ends_on=None,
    funding_source=None,
    agreement=None,
    is_sample: bool = False,
    actor=None,
) -> Project:
    """Turn an accepted award into a project and commit its money.

    `source_key` identifies the award (e.g. `application:123`): calling again with the same key returns the same
    project, so a retried request never creates a second one. Refused (nothing written) when the amount is not a
    whole positive CLP amount, exceeds the call's maximum subsidy, or the call's remaining budget (its funding
    lines; until it has any, the budget its catalogue entry declares; no cap only when neither is known).
    """
    source_key = str(source_key or "").strip()
    if not source_key:
        raise DomainError("Falta la clave que identifica la adjudicación.", field="source_key")
    existing = Project.objects.filter(source_key=source_key).first()
    if existing is not None:
        return existing
    amount = clean_clp(amount_clp, "amount_clp", label="El monto adjudicado")
    contribution = clean_clp(own_contribution_clp, "own_contribution_clp", allow_zero=True, label="El aporte propio")
    awarded = clean_date(awarded_on, "awarded_on", "La fecha de adjudicación")
    starts = clean_date(starts_on, "starts_on", "La fecha de inicio") if starts_on else None
    ends = clean_date(ends_on, "ends_on", "La fecha de término") if ends_on else None
    if starts and ends and ends < starts:
        raise DomainError("La fecha de término no puede ser anterior a la de inicio.", field="ends_on")
    if call.subsidy_max_clp and amount > call.subsidy_max_clp:
        raise DomainError(
            f"El monto adjudicado ({format_clp(amount)}) supera el subsidio máximo de la convocatoria "
            f"({format_clp(call.subsidy_max_clp)}).",
            field="amount_clp",
        )
    instrument = call.instrument
    objective = objective or next((key for key in OBJECTIVES if getattr(instrument, f"obj_{key}")), "productividad")
    if objective not in OBJECTIVES:
        raise DomainError(f"El objetivo debe ser uno de: {', '.join(OBJECTIVES)}.", field="objective")
    who = _beneficiary(person, enterprise)
    source, agreement = _funding_for(call, funding_source, agreement)
    budget = _locked_budget(call)
    if budget.budget_clp is not None and budget.awarded_clp + amount > budget.budget_clp:
        raise DomainError(
            f"El monto adjudicado ({format_clp(amount)}) supera el presupuesto disponible de la convocatoria "
            f"({format_clp(budget.budget_clp - budget.awarded_clp)}).",
            field="amount_clp",
        )
    try:
        with transaction.atomic():
            project = Project.objects.create(
                code=f"tmp-{uuid4().hex[:20]}",
                source_key=source_key,
                title=(title or f"{instrument.name} {call.year}")[:300],
                call=call,
                instrument=instrument,
                agency=instrument.agency,
                funding_source=source,
                agreement=agreement,
                person=person,
                enterprise=enterprise,
                objective=objective,
                year=awarded.year,
                awarded_on=awarded,
                starts_on=starts,
                ends_on=ends,
                awarded_clp=amount,
                own_contribution_clp=contribution,
                is_sample=is_sample,
                **who,
            )
    except IntegrityError:
        # Another request created the same award meanwhile: answer with its project.
        existing = Project.objects.filter(source_key=source_key).first()
        if existing is None:
            raise
        return existing
    project.code = f"P{awarded.year}-{project.pk:06d}"
    project.save(update_fields=["code"])
    budget.awarded_clp += amount
    budget.save(update_fields=["awarded_clp"])
    _post(project, "commitment", amount, awarded, actor=actor, note="Compromiso por adjudicación")
    audit.record(actor=actor, action="portfolio.project.created", obj=project, after={"awarded_clp": amount})
    return project


def _lock(project: Project) -> Project:
    return Project.objects.select_for_update().get(pk=project.pk)


def _allowance(project: Project) -> int:
    """What the grantee's convenio allows to be accounted for beyond the money transferred (0 without one)."""

    found = GrantAgreement.objects.filter(project_id=project.pk).values_list("report_allowance_clp", flat=True)
    return next(iter(found), 0)


def _check_balances(project: Project) -> None:
    if project.disbursed_clp > project.awarded_clp:
        raise DomainError(
            f"El desembolso supera lo que queda por desembolsar del proyecto {project.code}.", field="amount_clp"
        )
    if project.disbursed_clp < 0 or project.committed_clp < 0:
        raise DomainError("La corrección dejaría montos negativos en el proyecto.", field="entry")
    if project.refunded_clp < 0 or project.approved_clp < 0 or project.rejected_clp < 0:
        raise DomainError("La corrección dejaría montos negativos en el proyecto.", field="entry")
    over = project.approved_clp > project.executed_clp  # the allowance is read only when it matters
    if project.refunded_clp > project.disbursed_clp or (
        over and project.approved_clp > project.executed_clp + _allowance(project)
    ):
        raise DomainError(
            "La operación dejaría más gastos aprobados o reintegros que dinero desembolsado.", field="amount_clp"
        )


def _post(project: Project, kind: str, amount: int, on: date, *, actor=None, reverses=None, **fields) -> LedgerEntry:
    """Append one entry and move the project's summary columns with it (caller holds the project's lock)."""
    for name in _BALANCE.get(kind, ()):
        setattr(project, name, getattr(project, name) + amount)
    if kind == "refund":
        project.executed_clp -= amount
    if kind == "disbursement":
        project.instalments += 1 if amount > 0 else -1
    _check_balances(project)
    entry = LedgerEntry.objects.create(
        project=project,
        kind=kind,
        amount_clp=amount,
        entry_date=on,
        reverses=reverses,
        created_by=_user(actor),
        **fields,
    )
    project.save(update_fields=_BALANCE_FIELDS)
    return entry


def _open(project: Project) -> None:
    if project.status == "cerrado":
        raise DomainError(f"El proyecto {project.code} está cerrado; no admite movimientos.", field="project")


@transaction.atomic
def disburse(
    *, project: Project, amount_clp, paid_on, reference: str = "", idempotency_key: str | None = None, actor=None
) -> LedgerEntry:
    """Pay an instalment. Refused when it exceeds what is left of the award (awarded − disbursed)."""
    if idempotency_key:
        done = LedgerEntry.objects.filter(idempotency_key=idempotency_key).first()
        if done is not None:
            return done
    amount = clean_clp(amount_clp, "amount_clp", label="El monto del desembolso")
    when = clean_date(paid_on, "paid_on", "La fecha del desembolso")
    project = _lock(project)
    if idempotency_key:  # a concurrent retry of the same request may have committed while we waited for the lock
        done = LedgerEntry.objects.filter(idempotency_key=idempotency_key).first()
        if done is not None:
            return done
    _open(project)
    left = project.awarded_clp - project.disbursed_clp
    if amount > left:
        raise DomainError(
            f"El desembolso de {format_clp(amount)} supera lo que queda por desembolsar del proyecto "
            f"{project.code} ({format_clp(left)}).",
            field="amount_clp",
        )
    entry = _post(
        project,
        "disbursement",
        amount,
        when,
        actor=actor,
        instalment=project.instalments + 1,
        reference=reference,
        idempotency_key=idempotency_key or None,
    )
    audit.record(actor=actor, action="portfolio.disbursement.recorded", obj=project, after={"amount_clp": amount})
    return entry


@transaction.atomic
def record_expense_report(*, project: Project, submitted_on, reviewed_on, items, actor=None) -> ExpenseReport:
    """A rendición with its items, each `{"description", "amount_clp", "approved", "reason"}`; a rejected item
    needs a reason. What is approved can never exceed what the beneficiary received."""
    submitted = clean_date(submitted_on, "submitted_on", "La fecha de presentación")
    reviewed = clean_date(reviewed_on, "reviewed_on", "La fecha de revisión")
    if not items:
        raise DomainError("La rendición no tiene gastos.", field="items")
    cleaned = []
    for n, item in enumerate(items, start=1):
        description = str(item.get("description") or "").strip()
        if not description:
            raise DomainError(f"El gasto {n} no tiene descripción.", field=f"items.{n}.description")
        amount = clean_clp(item.get("amount_clp"), f"items.{n}.amount_clp", label=f"El monto del gasto {n}")
        approved = bool(item.get("approved"))
        reason = str(item.get("reason") or "").strip()
        if not approved and not reason:
            raise DomainError(f"Indique por qué se rechaza el gasto {n}.", field=f"items.{n}.reason")
        cleaned.append((description, amount, approved, reason))
    project = _lock(project)
    _open(project)
    number = project.expense_reports.count() + 1
    report = ExpenseReport.objects.create(
        project=project, number=number, submitted_on=submitted, reviewed_on=reviewed, created_by=_user(actor)
    )
    ExpenseItem.objects.bulk_create(
        [ExpenseItem(report=report, description=d, amount_clp=a, approved=ok, reason=r) for d, a, ok, r in cleaned]
    )
    approved_total = sum(a for _, a, ok, _ in cleaned if ok)
    rejected_total = sum(a for _, a, ok, _ in cleaned if not ok)
    if approved_total > project.executed_clp - project.approved_clp:
        raise DomainError(
            f"Los gastos aprobados ({format_clp(approved_total)}) superan el dinero entregado aún sin rendir "
            f"({format_clp(project.executed_clp - project.approved_clp)}).",
            field="items",
        )
    for kind, total in (("report_approved", approved_total), ("report_rejected", rejected_total)):
        if total:
            _post(project, kind, total, reviewed, actor=actor, expense_report=report, note=f"Rendición {number}")
    audit.record(
        actor=actor,
        action="portfolio.expense_report.recorded",
        obj=project,
        after={"approved_clp": approved_total, "rejected_clp": rejected_total},
    )
    return report


@transaction.atomic
def record_refund(*, project: Project, amount_clp, refunded_on, reference: str = "", actor=None) -> LedgerEntry:
    """The beneficiary returns money not spent or rejected; never more than what is still unaccounted for."""
    amount = clean_clp(amount_clp, "amount_clp", label="El monto del reintegro")
    when = clean_date(refunded_on, "refunded_on", "La fecha del reintegro")
    project = _lock(project)
    _open(project)
    pending = project.executed_clp - project.approved_clp
    if amount > pending:
        raise DomainError(
            f"El reintegro de {format_clp(amount)} supera el dinero entregado aún sin rendir ({format_clp(pending)}).",
            field="amount_clp",
        )
    entry = _post(project, "refund", amount, when, actor=actor, reference=reference)
    audit.record(actor=actor, action="portfolio.refund.recorded", obj=project, after={"amount_clp": amount})
    return entry


@transaction.atomic
def reverse_entry(*, entry: LedgerEntry, reason: str, on=None, actor=None) -> LedgerEntry:
    """Correct a mistaken entry with one of the opposite amount (the original stays, marked as reversed)."""
    if not (reason or "").strip():
        raise DomainError("Indique el motivo de la corrección.", field="reason")
    project = _lock(entry.project)
    _open(project)
    entry = LedgerEntry.objects.get(pk=entry.pk)
    if entry.kind == "closure":
        raise DomainError("El cierre no se revierte con un movimiento.", field="entry")
    if entry.reverses_id or LedgerEntry.objects.filter(reverses=entry).exists():
        raise DomainError("Este movimiento ya es una corrección o ya fue revertido.", field="entry")
    when = clean_date(on or date.today(), "on", "La fecha")
    reversal = _post(
        project, entry.kind, -entry.amount_clp, when, actor=actor, reverses=entry, note=f"Corrección: {reason}"[:300]
    )
    audit.record(actor=actor, action="portfolio.entry.reversed", obj=project, reason=reason)
    return reversal


@transaction.atomic
def close_project(*, project: Project, closed_on, note: str = "", actor=None) -> Project:
    """Close a project once every peso received is accounted for; the commitment not disbursed is released."""
    when = clean_date(closed_on, "closed_on", "La fecha de cierre")
    project = _lock(project)
    _open(project)
    pending = project.executed_clp - project.approved_clp
    if pending:
        raise DomainError(
            f"No se puede cerrar: quedan {format_clp(pending)} sin rendir ni reintegrar.", field="closed_on"
        )
    release = project.committed_clp - project.executed_clp
    if release > 0:
        _post(project, "commitment", -release, when, actor=actor, note="Liberación del saldo no ejecutado")
    _post(project, "closure", 0, when, actor=actor, note=note[:300])
    project.status, project.closed_on = "cerrado", when
    project.save(update_fields=["status", "closed_on"])
    audit.record(actor=actor, action="portfolio.project.closed", obj=project, reason=note)
    return project
