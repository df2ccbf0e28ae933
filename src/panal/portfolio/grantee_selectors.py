"""Reads of the grantee's project (re-exported by `selectors`): the shared page's figures, per budget line from the
ledger, and the staff queue of expenses to review."""

from django.db.models import Q, QuerySet, Sum
from django.utils import timezone

from panal.catalog.selectors import agencies_of
from panal.core.roles import ADMINISTRATOR, AGENCY_STAFF, has_role
from panal.registry.selectors import enterprises_represented_by, person_for_user

from .models import BudgetLine, Expense, FinalReport, GrantAgreement, LedgerEntry, Milestone, Project, RefundRequest


def project_for_award(application_id: int) -> Project | None:
    return Project.objects.filter(source_key=f"application:{application_id}").first()


def projects_of(user) -> list[Project]:
    """Projects whose beneficiary is the user's registry person or an enterprise they represent."""

    person = person_for_user(user)
    if person is None:
        return []
    enterprises = enterprises_represented_by(person).values("pk")
    return list(
        Project.objects.filter(Q(person=person) | Q(enterprise__in=enterprises))
        .select_related("call", "agency")
        .order_by("-awarded_on", "code")
    )


def line_balances(project: Project) -> list[dict]:
    """Per budget line: awarded, transferred (disbursements are for the whole project: shown in proportion to the
    line's budget), rendido aprobado (sum of the line's approved ledger entries) and saldo por rendir."""
    lines = list(BudgetLine.objects.filter(project=project).order_by("position"))
    approved = dict(
        LedgerEntry.objects.filter(project=project, kind="report_approved", budget_line__isnull=False)
        .values_list("budget_line")
        .annotate(total=Sum("amount_clp"))
    )
    moved = dict(
        LedgerEntry.objects.filter(project=project, kind__in=("disbursement", "refund"))
        .values_list("kind")
        .annotate(total=Sum("amount_clp"))
    )
    transferred_total = moved.get("disbursement", 0) - moved.get("refund", 0)
    rows, shared = [], 0
    for n, line in enumerate(lines):
        share = (
            transferred_total - shared
            if n == len(lines) - 1
            else transferred_total * line.amount_clp // max(project.awarded_clp, 1)
        )
        shared += share
        done = approved.get(line.pk, 0)
        rows.append(
            {
                "line": line,
                "awarded": line.amount_clp,
                "transferred": share,
                "approved": done,
                "balance": line.amount_clp - done,
            }
        )
    return rows


def grant_view(project: Project) -> dict:
    """Everything the shared project page and the convenio PDF show."""
    today = timezone.localdate()
    milestones = []
    for m in Milestone.objects.filter(project=project).order_by("due_on", "id"):
        status = "Cumplido" if m.done_on else ("Atrasado" if m.due_on < today else "Pendiente")
        milestones.append({"m": m, "status": status})
    return {
        "agreement": GrantAgreement.objects.filter(project=project).first(),
        "lines": line_balances(project),
        "milestones": milestones,
        "disbursements": LedgerEntry.objects.filter(project=project, kind__in=("disbursement", "refund")).order_by(
            "entry_date", "id"
        ),
        "expenses": Expense.objects.filter(project=project).select_related("line").order_by("-submitted_at", "-id"),
        "refunds": RefundRequest.objects.filter(project=project).select_related("expense", "paid_entry"),
        "final_report": FinalReport.objects.filter(project=project).first(),
    }


def _agency_projects(user) -> QuerySet | None:
    """Projects of the user's agencies (administrators: all); None for anyone else."""

    if has_role(user, ADMINISTRATOR):
        return Project.objects.all()
    if not has_role(user, AGENCY_STAFF):
        return None
    return Project.objects.filter(agency__code__in=[a.code for a in agencies_of(user)])


def projects_to_follow(user) -> dict:
    """The staff desk of grantee projects: convenios waiting for the agency's signature, and projects in execution
    with a Panal convenio."""
    projects = _agency_projects(user)
    if projects is None:
        return {"to_countersign": [], "running": []}
    with_grant = projects.filter(grant_agreement__isnull=False).select_related("grant_agreement")
    return {
        "to_countersign": list(
            with_grant.filter(
                grant_agreement__accepted_at__isnull=False, grant_agreement__countersigned_at__isnull=True
            )
        ),
        "running": list(with_grant.filter(status="vigente", grant_agreement__countersigned_at__isnull=False)[:200]),
    }


def expenses_to_review(user) -> QuerySet:
    """Expenses waiting for a staff review in the projects of the user's agencies (administrators: all)."""

    qs = Expense.objects.filter(state__in=("submitted", "answered")).select_related("project", "line")
    if has_role(user, ADMINISTRATOR):
        return qs.order_by("submitted_at", "id")
    if not has_role(user, AGENCY_STAFF):
        return qs.none()
    return qs.filter(project__agency__code__in=[a.code for a in agencies_of(user)]).order_by("submitted_at", "id")
