"""The grantee's project, written: the convenio generated from the award (accepted by the grantee, countersigned by
staff), expenses with their tax documents (approved, observed or rejected by staff; approved amounts posted to the
ledger as rendido, never past the line's budget nor past what was transferred plus what the convenio allows),
refund requests for rejected expenses, the final report and the closing.

Every write locks the project row first (`select_for_update`), so two people acting at once on the same project
queue; the CHECK constraints on BudgetLine and Project are the last line."""

import calendar
from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from panal.catalog.selectors import agencies_of
from panal.core import audit
from panal.core.errors import DomainError, PermissionDenied
from panal.core.money import format_clp
from panal.core.roles import ADMINISTRATOR, AGENCY_STAFF, has_role
from panal.core.rut import InvalidRut, normalize_rut
from panal.registry.selectors import enterprises_represented_by, person_for_user

from .documents import checked_scan
from .models import (
    BudgetLine,
    Expense,
    FinalReport,
    GrantAgreement,
    Milestone,
    Project,
    RefundRequest,
)
from .models_grantee import DOCUMENT_TYPES
from .notifications import send_project_email
from .services import _lock, _open, _post, clean_clp, clean_date, close_project
from .services import record_refund as _record_refund

MAX_NOTE = 5000
REVIEWABLE = ("submitted", "answered")


# --- who may act ------------------------------------------------------------------------------------------------


def is_grantee(user, project: Project) -> bool:

    person = person_for_user(user)
    if person is None:
        return False
    if project.person_id:
        return project.person_id == person.pk
    return enterprises_represented_by(person).filter(pk=project.enterprise_id).exists()


def is_project_staff(user, project: Project) -> bool:

    if has_role(user, ADMINISTRATOR):
        return True
    return has_role(user, AGENCY_STAFF) and project.agency.code in {a.code for a in agencies_of(user)}


def _require_grantee(actor, project):
    if not is_grantee(actor, project):
        raise PermissionDenied("Solo la persona beneficiaria del proyecto puede hacer esto.", field="project")


def _require_staff(actor, project):
    if not is_project_staff(actor, project):
        raise PermissionDenied("Solo el equipo de la institución del proyecto puede hacer esto.", field="project")


def _text(value, field: str, label: str, *, required=True) -> str:
    value = (value or "").replace("\x00", "").strip()
    if required and not value:
        raise DomainError(f"Escriba {label}.", field=field)
    if len(value) > MAX_NOTE:
        raise DomainError(f"El texto puede tener hasta {MAX_NOTE} caracteres.", field=field)
    return value


# --- the convenio -----------------------------------------------------------------------------------------------


def _split(lines: list[dict], awarded: int) -> list[dict]:
    """The requested lines scaled to the awarded amount in whole pesos (the rounding remainder on the largest)."""
    lines = [line for line in lines if int(line.get("amount") or 0) > 0]
    requested = sum(int(line["amount"]) for line in lines)
    if not lines:
        return [
            {"category": "total", "category_label": "Presupuesto", "description": "Monto adjudicado", "amount": awarded}
        ]
    scaled = [{**line, "amount": int(line["amount"]) * awarded // requested} for line in lines]
    largest = max(range(len(scaled)), key=lambda i: scaled[i]["amount"])
    scaled[largest]["amount"] += awarded - sum(line["amount"] for line in scaled)
    return [line for line in scaled if line["amount"] > 0]


@transaction.atomic
def prepare_grant(
    *, project: Project, lines: list[dict], obligations=(), execution_months: int = 6, terms_version=None, actor=None
) -> GrantAgreement:
    """The convenio of an awarded project, with its budget lines and milestones (idempotent: the existing one)."""
    project = _lock(project)
    existing = GrantAgreement.objects.filter(project=project).first()
    if existing is not None:
        return existing
    start = project.awarded_on
    ends = _add_months(start, execution_months)
    agreement = GrantAgreement.objects.create(
        project=project,
        number=f"CE-{project.code}",
        terms_version=terms_version,
        obligations=list(obligations) or DEFAULT_OBLIGATIONS,
        execution_months=execution_months,
        ends_on=ends,
    )
    for n, line in enumerate(_split(lines, project.awarded_clp), start=1):
        BudgetLine.objects.create(
            project=project,
            position=n,
            category=str(line.get("category", ""))[:40],
            category_label=str(line.get("category_label") or line.get("category", ""))[:100],
            description=str(line.get("description", ""))[:300] or "Sin detalle",
            amount_clp=line["amount"],
        )
    for key, title, due in (
        ("convenio", "Firma del convenio por ambas partes", start + timedelta(days=15)),
        ("rendicion", "Rendición de todos los gastos", ends),
        ("informe", "Informe final", ends + timedelta(days=30)),
    ):
        Milestone.objects.create(project=project, key=key, title=title, due_on=due)
    if project.ends_on is None:
        project.starts_on, project.ends_on = start, ends
        project.save(update_fields=["starts_on", "ends_on"])
    audit.record(actor=actor, action="portfolio.grant.generated", obj=project, after={"number": agreement.number})
    return agreement


DEFAULT_OBLIGATIONS = [
    "Destinar los recursos solo a las líneas del presupuesto aprobado.",
    "Rendir cada gasto con su documento tributario (factura, boleta o boleta de honorarios) a su nombre.",
    "Reintegrar los montos no rendidos o rechazados.",
    "Entregar un informe final al término de la ejecución.",
]


def _add_months(start: date, months: int) -> date:

    index = start.year * 12 + start.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(start.day, calendar.monthrange(year, month + 1)[1]))


def _milestone_done(project, key: str, on: date) -> None:
    Milestone.objects.filter(project=project, key=key, done_on__isnull=True).update(done_on=on)


@transaction.atomic
def accept_grant(*, project: Project, actor) -> GrantAgreement:
    project = _lock(project)
    _require_grantee(actor, project)
    agreement = GrantAgreement.objects.select_for_update().filter(project=project).first()
    if agreement is None:
        raise DomainError("Este proyecto no tiene convenio en Panal.", field="project")
    if agreement.accepted_at is None:
        agreement.accepted_at, agreement.accepted_by = timezone.now(), actor
        agreement.save(update_fields=["accepted_at", "accepted_by"])
        audit.record(actor=actor, action="portfolio.grant.accepted", obj=project)
    return agreement


@transaction.atomic
def countersign_grant(*, project: Project, actor) -> GrantAgreement:
    project = _lock(project)
    _require_staff(actor, project)
    if is_grantee(actor, project):
        raise DomainError(
            "No puede firmar por la institución un convenio del que usted es beneficiaria/o o representante: "
            "debe firmarlo otra persona del equipo.",
            field="project",
        )
    agreement = GrantAgreement.objects.select_for_update().filter(project=project).first()
    if agreement is None or agreement.accepted_at is None:
        raise DomainError("La beneficiaria aún no acepta el convenio.", field="project")
    if agreement.countersigned_at is None:
        agreement.countersigned_at, agreement.countersigned_by = timezone.now(), actor
        agreement.save(update_fields=["countersigned_at", "countersigned_by"])
        _milestone_done(project, "convenio", timezone.localdate())
        audit.record(actor=actor, action="portfolio.grant.countersigned", obj=project)
        _notify(project, "countersigned")
    return agreement


def _signed(project) -> GrantAgreement:
    agreement = GrantAgreement.objects.filter(project=project).first()
    if agreement is None or agreement.countersigned_at is None:
        raise DomainError("El convenio aún no está firmado por ambas partes.", field="project")
    return agreement


# --- expenses ---------------------------------------------------------------------------------------------------


def clean_supplier_rut(value) -> str:
    """The supplier's RUT in the canonical form `76086428-5` (python-stdnum through core.rut)."""

    try:
        return normalize_rut(str(value or "").replace("\x00", ""))
    except InvalidRut as exc:
        raise DomainError(
            f"El RUT del proveedor «{str(value)[:20]}» no es válido; revise el dígito verificador.",
            field="supplier_rut",
        ) from exc


@transaction.atomic
def submit_expense(
    *, project: Project, actor, line_id, document_type: str, document_number, issued_on, supplier_rut, amount_clp, file
) -> Expense:
    """The grantee accounts for one expense. Refused on a closed project, an unknown line, a bad RUT or document, an
    amount above what is left on the line, or a document already accounted for."""

    document_type = str(document_type or "")
    if document_type not in DOCUMENT_TYPES:
        raise DomainError("Elija el tipo de documento: factura, boleta o boleta de honorarios.", field="document_type")
    number = str(document_number or "").strip()
    if not number.isdigit() or len(number) > 12 or int(number) == 0:
        raise DomainError("El número del documento debe ser un número entero (hasta 12 dígitos).", field="number")
    issued = clean_date(issued_on, "issued_on", "La fecha del documento")
    if issued > timezone.localdate():
        raise DomainError("La fecha del documento no puede ser futura.", field="issued_on")
    rut = clean_supplier_rut(supplier_rut)
    amount = clean_clp(amount_clp, "amount_clp", label="El monto del gasto")
    if file is None:
        raise DomainError("Adjunte el documento escaneado (PDF, JPG o PNG).", field="file")
    ext, sha = checked_scan(file)
    project = _lock(project)
    _require_grantee(actor, project)
    _open(project)
    _signed(project)
    line = BudgetLine.objects.filter(project=project, pk=str(line_id or "0") if str(line_id or "").isdigit() else 0)
    line = line.first()
    if line is None:
        raise DomainError("Elija una línea del presupuesto del proyecto.", field="line")
    left = line.amount_clp - line.approved_clp
    if amount > left:
        raise DomainError(
            f"El gasto de {format_clp(amount)} supera el saldo de la línea «{line.description}» ({format_clp(left)}).",
            field="amount_clp",
        )
    expense = Expense(
        project=project,
        line=line,
        document_type=document_type,
        document_number=number,
        issued_on=issued,
        supplier_rut=rut,
        amount_clp=amount,
        original_name=(getattr(file, "name", "") or "documento").rsplit("/", 1)[-1][:200],
        sha256=sha,
        submitted_by=actor,
    )
    if Expense.objects.filter(
        project=project, supplier_rut=rut, document_type=document_type, document_number=number
    ).exists():
        raise DomainError("Ese documento ya fue rendido en este proyecto.", field="number")
    expense.file.save(f"{document_type}-{number}.{ext}", file, save=False)
    try:
        with transaction.atomic():
            expense.save()
    except IntegrityError as exc:
        raise DomainError("Ese documento ya fue rendido en este proyecto.", field="number") from exc
    audit.record(actor=actor, action="portfolio.expense.submitted", obj=project, after={"expense": expense.pk})
    return expense


def _reviewable(expense: Expense, actor) -> tuple[Project, Expense]:
    project = _lock(expense.project)
    _require_staff(actor, project)
    if is_grantee(actor, project):
        raise PermissionDenied("No puede revisar los gastos de su propio proyecto.", field="expense")
    expense = Expense.objects.select_for_update().get(pk=expense.pk)
    if expense.state not in REVIEWABLE:
        raise DomainError(f"El gasto ya está {expense.get_state_display().lower()}.", field="state")
    return project, expense


@transaction.atomic
def review_expense(*, expense: Expense, actor, outcome: str, note: str = "") -> Expense:
    """Staff approve, observe or reject an expense (observing and rejecting need a note). Approving posts the amount
    to the ledger as rendido on its line; rejecting asks the grantee for a reintegro of what was transferred."""
    if outcome not in ("approve", "observe", "reject"):
        raise DomainError("Elija aprobar, observar o rechazar.", field="outcome")
    note = _text(note, "note", "la nota para la beneficiaria", required=outcome != "approve")
    project, expense = _reviewable(expense, actor)
    _open(project)
    today = timezone.localdate()
    if outcome == "approve":
        line = BudgetLine.objects.select_for_update().get(pk=expense.line_id)
        if line.approved_clp + expense.amount_clp > line.amount_clp:
            raise DomainError(
                f"Aprobar {format_clp(expense.amount_clp)} supera el saldo de la línea «{line.description}» "
                f"({format_clp(line.amount_clp - line.approved_clp)}).",
                field="amount_clp",
            )
        try:
            _post(project, "report_approved", expense.amount_clp, today, actor=actor, budget_line=line, expense=expense)
        except DomainError as exc:
            raise DomainError(
                f"Aprobar {format_clp(expense.amount_clp)} dejaría más gasto rendido que lo transferido "
                f"({format_clp(project.executed_clp)}) más lo que el convenio permite.",
                field="amount_clp",
            ) from exc
        line.approved_clp += expense.amount_clp
        line.save(update_fields=["approved_clp"])
        expense.state = "approved"
    elif outcome == "observe":
        expense.state = "observed"
    else:
        _post(
            project,
            "report_rejected",
            expense.amount_clp,
            today,
            actor=actor,
            budget_line=expense.line,
            expense=expense,
        )
        owed = min(expense.amount_clp, project.executed_clp - project.approved_clp)
        if owed > 0:
            RefundRequest.objects.create(project=project, expense=expense, amount_clp=owed)
        expense.state = "rejected"
    expense.note, expense.reviewed_by, expense.reviewed_at = note, actor, timezone.now()
    expense.save(update_fields=["state", "note", "reviewed_by", "reviewed_at"])
    name = expense.state  # approved, observed or rejected
    audit.record(
        actor=actor,
        action=f"portfolio.expense.{name}",
        obj=project,
        after={"expense": expense.pk},
        reason=note,
    )
    _notify(project, f"expense_{expense.state}", expense.pk)
    return expense


@transaction.atomic
def answer_observation(*, expense: Expense, actor, answer: str) -> Expense:
    project = _lock(expense.project)
    _require_grantee(actor, project)
    _open(project)
    expense = Expense.objects.select_for_update().get(pk=expense.pk)
    if expense.state != "observed":
        raise DomainError("Ese gasto no tiene una observación por responder.", field="answer")
    expense.answer = _text(answer, "answer", "su respuesta a la observación")
    expense.state = "answered"
    expense.save(update_fields=["answer", "state"])
    audit.record(actor=actor, action="portfolio.expense.answered", obj=project, after={"expense": expense.pk})
    return expense


@transaction.atomic
def pay_refund(*, refund: RefundRequest, actor, paid_on, reference: str = "") -> RefundRequest:
    """Staff record that the grantee paid a requested reintegro (a refund entry in the ledger)."""
    refund = RefundRequest.objects.select_for_update().select_related("project").get(pk=refund.pk)
    _require_staff(actor, refund.project)
    if refund.paid_entry_id:
        return refund
    entry = _record_refund(
        project=refund.project, amount_clp=refund.amount_clp, refunded_on=paid_on, reference=reference, actor=actor
    )
    refund.paid_entry = entry
    refund.save(update_fields=["paid_entry"])
    return refund


# --- final report and closing -------------------------------------------------------------------------------------


@transaction.atomic
def submit_final_report(*, project: Project, actor, text: str) -> FinalReport:
    project = _lock(project)
    _require_grantee(actor, project)
    _open(project)
    text = _text(text, "text", "el informe final")
    report, created = FinalReport.objects.get_or_create(project=project, defaults={"text": text, "submitted_by": actor})
    if created:
        _milestone_done(project, "informe", timezone.localdate())
        audit.record(actor=actor, action="portfolio.final_report.submitted", obj=project)
    return report


def closing_problems(project: Project) -> list[str]:
    """Why the project cannot be closed yet (empty: it can)."""
    problems = []
    if not GrantAgreement.objects.filter(project=project, countersigned_at__isnull=False).exists():
        problems.append("El convenio no está firmado por ambas partes.")
    pending = Expense.objects.filter(project=project, state__in=("submitted", "observed", "answered")).count()
    if pending:
        problems.append(f"Hay {pending} gasto(s) sin revisión final.")
    unpaid = RefundRequest.objects.filter(project=project, paid_entry__isnull=True).count()
    if unpaid:
        problems.append(f"Hay {unpaid} reintegro(s) sin pagar.")
    if not FinalReport.objects.filter(project=project).exists():
        problems.append("Falta el informe final.")
    left = project.executed_clp - project.approved_clp
    if left > 0:
        problems.append(f"Quedan {format_clp(left)} transferidos sin rendir ni reintegrar.")
    return problems


@transaction.atomic
def close_grant(*, project: Project, actor, note: str = "") -> Project:
    project = _lock(project)
    _require_staff(actor, project)
    _open(project)
    problems = closing_problems(project)
    if problems:
        raise DomainError("No se puede cerrar: " + " ".join(problems), field="project")
    closed = close_project(
        project=project, closed_on=timezone.localdate(), note=note or "Cierre del proyecto", actor=actor
    )
    _milestone_done(project, "rendicion", timezone.localdate())
    _notify(project, "closed")
    return closed


def _notify(project: Project, event: str, expense_id: int | None = None) -> None:

    send_project_email.enqueue(project.pk, event, expense_id)
