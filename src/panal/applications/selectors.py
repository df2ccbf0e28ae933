"""Reads of the applications app: what an applicant, a staff member, an evaluator or a committee sees."""

from django.db.models import Q, QuerySet

from .models import (
    Application,
    ApplicationForm,
    Assignment,
    CallDocument,
    CallQuestion,
    CallTerms,
    CommitteeSession,
    Reconsideration,
    StatusChange,
)
from .workflow import EVALUATED, STATES


def form_for_call(call) -> ApplicationForm | None:
    return ApplicationForm.objects.filter(call=call).first()


def applications_of(user) -> QuerySet:
    """The applications of the person linked to this account."""
    return (
        Application.objects.filter(person__user=user)
        .select_related("call", "call__instrument", "enterprise")
        .order_by("-created_at")
    )


def application_for(*, call, user) -> Application | None:
    return applications_of(user).filter(call=call, enterprise__isnull=True).first()


def history(application) -> QuerySet:
    return StatusChange.objects.filter(application=application).select_related("actor")


def staff_applications(
    *, call=None, state: str | None = None, agency_codes=None, text: str = "", submitted_only: bool = True
) -> QuerySet:
    """Applications staff may list, filtered. `agency_codes=None` means every agency (administrators)."""
    qs = Application.objects.select_related("call", "call__instrument", "person", "enterprise")
    if submitted_only:
        qs = qs.exclude(state="draft")
    if call is not None:
        qs = qs.filter(call=call)
    if state:
        qs = qs.filter(state=state) if state in STATES else qs.none()
    if agency_codes is not None:
        qs = qs.filter(
            Q(call__instrument__agency__code__in=agency_codes) | Q(call__instrument__co_agency__code__in=agency_codes)
        )
    if text:
        qs = qs.filter(
            Q(folio__icontains=text) | Q(person__last_names__icontains=text) | Q(enterprise__legal_name__icontains=text)
        )
    return qs.order_by("call__code", "folio")


def assignments_for(evaluator) -> QuerySet:
    """What an evaluator sees: never an application they declared a conflict with, nor one of their own."""
    return (
        Assignment.objects.filter(evaluator=evaluator)
        .exclude(conflict=True)
        .exclude(application__person__user=evaluator)
        .exclude(application__enterprise__representations__person__user=evaluator)
        .select_related("application", "application__call")
        .order_by("application__call__code", "application__folio")
    )


def visible_assignment(*, pk, evaluator) -> Assignment | None:
    return assignments_for(evaluator).filter(pk=pk).first()


def ranking(call) -> list[Application]:
    """Evaluated applications of the call, best score first (ties: earlier submission first)."""
    return list(
        Application.objects.filter(call=call, state=EVALUATED, score__isnull=False)
        .select_related("person", "enterprise")
        .order_by("-score", "submitted_at", "id")
    )


def sessions_of(call) -> QuerySet:
    return CommitteeSession.objects.filter(call=call).prefetch_related("members", "present", "decisions")


def decisions_of(session):
    return session.decisions.select_related("application", "application__person", "application__enterprise")


# --- bases, declaration, questions ---------------------------------------------------------------------------


def current_terms(call) -> CallTerms | None:
    return CallTerms.objects.filter(call=call).order_by("-version").first()


def question_period(call) -> tuple:
    form = ApplicationForm.objects.filter(call=call).first()
    return (form.questions_open_at, form.questions_close_at) if form else (None, None)


def published_questions(call):
    return CallQuestion.objects.filter(call=call, published_at__isnull=False).order_by("published_at", "id")


def call_documents(call) -> list[CallDocument]:
    """The latest version of each document of the call."""
    latest = {}
    for doc in CallDocument.objects.filter(call=call).order_by("kind", "slug", "-version"):
        latest.setdefault((doc.kind, doc.slug), doc)
    return list(latest.values())


def application_summary(application) -> dict:
    """Every answer by section, the budget by line and by category, and the documents: the review step and the
    receipt show the same."""
    from . import form_definitions

    sections = application.call.application_form.sections
    documents = {d.question: d for d in application.documents.all()}
    shown = []
    for section in sections:
        rows = []
        for q in section["questions"]:
            if q["type"] == "budget":
                continue
            if q["type"] == "file":
                doc = documents.get(q["key"])
                rows.append({"label": q["label"], "value": doc.original_name if doc else "", "file": True})
                continue
            rows.append({"label": q["label"], "value": form_definitions.display(q, application.answers.get(q["key"]))})
        shown.append({"title": section["title"], "rows": rows})
    budget_q = form_definitions.budget_question(sections)
    labels = {c["key"]: c["label"] for c in budget_q["categories"]} if budget_q else {}
    lines = [{**line, "category_label": labels.get(line["category"], line["category"])} for line in application.budget]
    by_category = {}
    for line in lines:
        by_category[line["category_label"]] = by_category.get(line["category_label"], 0) + line["amount"]
    return {
        "sections": shown,
        "budget": lines,
        "budget_by_category": sorted(by_category.items()),
        "budget_total": sum(line["amount"] for line in lines),
        "documents": list(documents.values()),
    }


def reconsiderations_to_resolve(user) -> QuerySet:
    """Pending recursos de reposición the user may resolve: staff of the call's agency, or administrators."""
    from panal.catalog.selectors import agencies_of
    from panal.core.roles import ADMINISTRATOR, AGENCY_STAFF, has_role

    qs = Reconsideration.objects.filter(state="pending").select_related(
        "application", "application__call", "application__person", "application__enterprise"
    )
    if has_role(user, ADMINISTRATOR):
        return qs.order_by("filed_at", "id")
    if not has_role(user, AGENCY_STAFF):
        return qs.none()
    codes = [a.code for a in agencies_of(user)]
    return qs.filter(
        Q(application__call__instrument__agency__code__in=codes)
        | Q(application__call__instrument__co_agency__code__in=codes)
    ).order_by("filed_at", "id")
