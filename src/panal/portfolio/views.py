"""The grantee's project page, shared by the grantee and the agency, and the staff's own pages for reviewing
expenses. Thin: each POST is one service; another person's project answers 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from panal.core import audit
from panal.core.errors import DomainError

from . import grantee, milestones, selectors, services
from .documents import convenio_pdf
from .models import Expense, Milestone, Project, RefundRequest


def _project(request, code: str) -> tuple[Project, bool]:
    """The project and whether the user sees it as staff; 404 when neither grantee nor the agency's staff."""
    project = Project.objects.select_related("call", "agency", "person", "enterprise").filter(code=code).first()
    if project is not None:
        if grantee.is_grantee(request.user, project):
            return project, False
        if grantee.is_project_staff(request.user, project):
            return project, True
    raise Http404("No existe ese proyecto entre los suyos.")


@login_required
def mine(request):
    return render(request, "portfolio/mine.html", {"projects": selectors.projects_of(request.user)})


@login_required
def project(request, code: str):
    project, as_staff = _project(request, code)
    if as_staff:
        audit.record(actor=request.user, action="portfolio.project.read", obj=project)
    view = selectors.grant_view(project)
    return render(
        request,
        "portfolio/project.html",
        {
            "project": project,
            "as_staff": as_staff,
            **view,
            "open_lines": [row for row in view["lines"] if row["balance"] > 0],
            "closing_problems": grantee.closing_problems(project) if project.status != "cerrado" else [],
            "document_types": list(grantee.DOCUMENT_TYPES.items()),
        },
    )


@login_required
def convenio(request, code: str):

    project, _ = _project(request, code)
    if not hasattr(project, "grant_agreement"):
        raise Http404("Este proyecto no tiene convenio en Panal.")
    response = HttpResponse(convenio_pdf(project), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="convenio-{project.code}.pdf"'
    return response


@login_required
def expense_file(request, code: str, pk: int):
    project, as_staff = _project(request, code)
    expense = Expense.objects.filter(pk=pk, project=project).first()
    if expense is None:
        raise Http404("No existe ese gasto.")
    if as_staff:
        audit.record(actor=request.user, action="portfolio.expense.file_read", obj=project, after={"expense": pk})
    return FileResponse(expense.file.open("rb"), as_attachment=True, filename=expense.original_name)


def _act(request, code: str, action):
    project, as_staff = _project(request, code)
    try:
        message = action(project, as_staff)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, message)
    return redirect("portfolio:project", code=code)


@login_required
@require_POST
def grantee_action(request, code: str):
    """The grantee's writes: accept the convenio, submit an expense, answer an observation, the final report."""
    post, user = request.POST, request.user

    def run(project, as_staff):
        what = post.get("action")
        if what == "accept":
            grantee.accept_grant(project=project, actor=user)
            return "Aceptó el convenio. La institución lo firmará y le avisaremos."
        if what == "expense":
            grantee.submit_expense(
                project=project,
                actor=user,
                line_id=post.get("line"),
                document_type=post.get("document_type"),
                document_number=post.get("document_number"),
                issued_on=post.get("issued_on"),
                supplier_rut=post.get("supplier_rut"),
                amount_clp=post.get("amount_clp", "").replace(".", "").replace("$", "").strip(),
                file=request.FILES.get("file"),
            )
            return "Gasto presentado. La institución lo revisará."
        if what == "answer":
            expense = Expense.objects.filter(pk=post.get("expense") or 0, project=project).first()
            if expense is None:
                raise DomainError("No existe ese gasto.", field="expense")
            grantee.answer_observation(expense=expense, actor=user, answer=post.get("answer", ""))
            return "Respuesta enviada."
        if what == "final_report":
            grantee.submit_final_report(project=project, actor=user, text=post.get("text", ""))
            return "Informe final recibido."
        raise DomainError("Acción desconocida.", field="action")

    return _act(request, code, run)


@login_required
@require_POST
def staff_action(request, code: str):
    """The agency's writes on the shared page: countersign, disburse, record a paid reintegro, close."""
    post, user = request.POST, request.user

    def run(project, as_staff):
        what = post.get("action")
        if what == "countersign":
            grantee.countersign_grant(project=project, actor=user)
            return "Convenio firmado por la institución."
        if what == "disburse":
            grantee._require_staff(user, project)
            services.disburse(
                project=project,
                amount_clp=post.get("amount_clp", "").replace(".", "").replace("$", "").strip(),
                paid_on=post.get("paid_on"),
                reference=post.get("reference", "")[:100],
                idempotency_key=(post.get("idempotency_key") or "")[:100] or None,
                actor=user,
            )
            return "Desembolso registrado."
        if what == "refund":
            item = RefundRequest.objects.filter(pk=post.get("refund") or 0, project=project).first()
            if item is None:
                raise DomainError("No existe esa solicitud de reintegro.", field="refund")
            grantee.pay_refund(
                refund=item, actor=user, paid_on=post.get("paid_on"), reference=post.get("reference", "")
            )
            return "Reintegro registrado."
        if what == "close":
            grantee.close_grant(project=project, actor=user, note=post.get("note", "")[:300])
            return "Proyecto cerrado."
        if what in MILESTONE_ACTIONS:
            return _milestone_action(what, project, user, post)
        raise DomainError("Acción desconocida.", field="action")

    return _act(request, code, run)


MILESTONE_ACTIONS = ("milestone_add", "milestone_edit", "milestone_mark")


def _milestone_action(what: str, project: Project, user, post) -> str:
    if what == "milestone_add":
        milestones.add_milestone(project=project, actor=user, title=post.get("title"), due_on=post.get("due_on"))
        return "Hito agregado."
    raw = post.get("milestone", "")
    item = Milestone.objects.filter(pk=int(raw), project=project).first() if raw.isdigit() and len(raw) < 12 else None
    if item is None:
        raise DomainError("No existe ese hito en este proyecto.", field="milestone")
    if what == "milestone_edit":
        milestones.edit_milestone(milestone=item, actor=user, title=post.get("title"), due_on=post.get("due_on"))
        return "Hito guardado."
    milestones.mark_milestone(milestone=item, actor=user, status=post.get("status", ""), done_on=post.get("done_on"))
    return "Estado del hito guardado."


@login_required
def expense_queue(request):
    return render(
        request,
        "portfolio/staff/expenses.html",
        {"expenses": selectors.expenses_to_review(request.user)[:300], **selectors.projects_to_follow(request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def expense_review(request, pk: int):
    expense = Expense.objects.select_related("project", "line").filter(pk=pk).first()
    if expense is None or not grantee.is_project_staff(request.user, expense.project):
        raise Http404("No existe ese gasto o no le corresponde revisarlo.")
    if request.method == "POST":
        try:
            grantee.review_expense(
                expense=expense,
                actor=request.user,
                outcome=request.POST.get("outcome", ""),
                note=request.POST.get("note", ""),
            )
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect("portfolio:expense_review", pk=pk)
        messages.success(request, "Revisión registrada y avisada a la beneficiaria.")
        return redirect("portfolio:expense_queue")
    return render(
        request,
        "portfolio/staff/expense.html",
        {"expense": expense, "project": expense.project, "lines": selectors.line_balances(expense.project)},
    )
