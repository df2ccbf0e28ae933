"""E-mails to the grantee about their project, sent through the job queue after the change commits."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string

from panal.core.jobs import job

from .models import Expense, Project

SUBJECTS = {
    "countersigned": "Su convenio {code} está firmado: puede rendir gastos",
    "expense_approved": "Gasto aprobado en su proyecto {code}",
    "expense_observed": "Un gasto de su proyecto {code} tiene una observación",
    "expense_rejected": "Un gasto de su proyecto {code} fue rechazado",
    "closed": "Su proyecto {code} quedó cerrado",
}


@job
def send_project_email(project_id: int, event: str, expense_id: int | None = None) -> None:

    project = Project.objects.select_related("person", "enterprise").filter(pk=project_id).first()
    if project is None:
        return
    to = (project.person.email if project.person_id else project.enterprise.email) or ""
    if not to:
        return
    expense = Expense.objects.filter(pk=expense_id, project=project).first() if expense_id else None
    context = {"project": project, "event": event, "expense": expense, "site": settings.PANAL_BASE_URL}
    send_mail(
        SUBJECTS[event].format(code=project.code),
        render_to_string("portfolio/email/project.txt", context),
        settings.DEFAULT_FROM_EMAIL,
        [to],
    )
