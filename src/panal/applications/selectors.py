"""Reads of the applications app: what an applicant, a staff member, an evaluator or a committee sees."""

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from panal.catalog.models import Call
from panal.catalog.selectors import agencies_of
from panal.core.roles import ADMINISTRATOR, AGENCY_STAFF, COMMITTEE_MEMBER, EVALUATOR, has_role
from panal.core.rut import format_rut

from . import form_definitions
from .models import (
    Application,
    ApplicationForm,
    Assignment,
    CallDocument,
    CallQuestion,
    CallTerms,
    Clarification,
    CommitteeSession,
    Decision,
    Reconsideration,
    ResultsPublication,
    StatusChange,
)
from .services.results import ADMISSIBLE_STATES
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


def unanswered_questions(call):
    return CallQuestion.objects.filter(call=call, published_at__isnull=True).order_by("asked_at", "id")


def question_of_call(call, raw_id: str) -> CallQuestion | None:
    """The question with that id if it belongs to `call`; None for another call's, an unknown or a malformed id."""
    if not (raw_id.isdigit() and len(raw_id) < 12):
        return None
    return CallQuestion.objects.filter(pk=int(raw_id), call=call).first()


def call_documents(call) -> list[CallDocument]:
    """The latest version of each document of the call."""
    latest = {}
    for doc in CallDocument.objects.filter(call=call).order_by("kind", "slug", "-version"):
        latest.setdefault((doc.kind, doc.slug), doc)
    return list(latest.values())


def calls_for_terms(agency_codes) -> list:
    """Calls with an online form that a staff desk runs (`None`: every agency), newest first, each with
    `pending_questions`: questions about the bases not yet answered."""
    qs = Call.objects.filter(pk__in=ApplicationForm.objects.values("call_id")).select_related("instrument")
    if agency_codes is not None:
        qs = qs.filter(Q(instrument__agency__code__in=agency_codes) | Q(instrument__co_agency__code__in=agency_codes))
    pending = CallQuestion.objects.filter(published_at__isnull=True).values("call_id")
    counts = dict(pending.filter(call__in=qs).annotate(n=Count("id")).values_list("call_id", "n"))
    calls = list(qs.order_by("-closes_at", "code"))
    for call in calls:
        call.pending_questions = counts.get(call.pk, 0)
    return calls


def application_summary(application) -> dict:
    """Every answer by section, the budget by line and by category, and the documents: the review step and the
    receipt show the same."""

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


# --- "Mi trabajo": each role's queue ----------------------------------------------------------------------------


def staff_queue(agency_codes) -> dict[str, int]:
    """Counts for the staff desk (`agency_codes=None`: every agency, for administrators)."""

    mine = staff_applications(agency_codes=agency_codes)
    today = timezone.localdate()
    assignments = Assignment.objects.filter(application__in=mine)
    return {
        "admissibility": mine.filter(state="submitted").count(),
        "answers": Clarification.objects.filter(
            application__in=mine.filter(state__in=("submitted", "admissible", "in_evaluation")),
            answered_at__isnull=False,
        ).count(),
        "need_evaluators": mine.filter(state__in=("admissible", "in_evaluation"))
        .filter(Q(assignments__isnull=True) | Q(needs_third_evaluator=True))
        .distinct()
        .count(),
        "overdue": assignments.filter(scored_at__isnull=True, due_on__lt=today).exclude(conflict=True).count(),
        "to_close": ready_to_close(mine).count(),
        "to_convene": len(calls_to_convene(agency_codes)),
        "to_publish": len(calls_to_publish(agency_codes)),
    }


def ready_to_close(rows: QuerySet) -> QuerySet:
    """In evaluation with every evaluator done (scored, or out by a conflict) and no third evaluator missing."""
    unfinished = Assignment.objects.filter(scored_at__isnull=True).exclude(conflict=True).values("application_id")
    return rows.filter(state="in_evaluation", score__isnull=False, needs_third_evaluator=False).exclude(
        pk__in=unfinished
    )


PENDING_FILTERS = {
    "evaluadores": "need_evaluators",
    "atrasadas": "overdue",
    "respuestas": "answers",
    "por-cerrar": "to_close",
}


def pending(rows: QuerySet, kind: str) -> QuerySet:
    """Narrow a staff listing to one queue of "Mi trabajo" (the same conditions as its count)."""

    if kind == "evaluadores":
        rows = rows.filter(state__in=("admissible", "in_evaluation"))
        return rows.filter(Q(assignments__isnull=True) | Q(needs_third_evaluator=True)).distinct()
    if kind == "atrasadas":
        late = Assignment.objects.filter(scored_at__isnull=True, due_on__lt=timezone.localdate()).exclude(conflict=True)
        return rows.filter(pk__in=late.values("application_id"))
    if kind == "por-cerrar":
        return ready_to_close(rows)
    if kind == "respuestas":
        return rows.filter(
            state__in=("submitted", "admissible", "in_evaluation"), clarifications__answered_at__isnull=False
        ).distinct()
    return rows


def calls_to_convene(agency_codes) -> list:
    """Calls with evaluated applications and no open committee session yet."""

    evaluated = staff_applications(agency_codes=agency_codes, state=EVALUATED).values("call_id")
    open_sessions = CommitteeSession.objects.filter(closed_at__isnull=True).values("call_id")
    return list(
        Call.objects.filter(pk__in=evaluated)
        .exclude(pk__in=open_sessions)
        .select_related("instrument")
        .order_by("code")
    )


def calls_to_publish(agency_codes) -> list:
    """Calls whose committee decided and closed every session, with results not yet published."""

    qs = Call.objects.filter(pk__in=Decision.objects.values("session__call_id")).exclude(
        pk__in=CommitteeSession.objects.filter(closed_at__isnull=True).values("call_id")
    )
    qs = qs.exclude(pk__in=ResultsPublication.objects.values("call_id"))
    if agency_codes is not None:
        qs = qs.filter(Q(instrument__agency__code__in=agency_codes) | Q(instrument__co_agency__code__in=agency_codes))
    return list(qs.select_related("instrument").order_by("code"))


def committee_calls(agency_codes) -> list:
    """Calls whose committee a staff desk runs: evaluated applications or sessions already convened."""

    evaluated = staff_applications(agency_codes=agency_codes, state=EVALUATED).values("call_id")
    qs = Call.objects.select_related("instrument", "instrument__agency")
    if agency_codes is not None:
        qs = qs.filter(Q(instrument__agency__code__in=agency_codes) | Q(instrument__co_agency__code__in=agency_codes))
    sessions = CommitteeSession.objects.values("call_id")
    return list(qs.filter(Q(pk__in=evaluated) | Q(pk__in=sessions)).distinct().order_by("code"))


def sessions_for_member(user) -> QuerySet:
    return (
        CommitteeSession.objects.filter(members=user)
        .select_related("call")
        .prefetch_related("members")
        .order_by("-held_at")
    )


# --- evaluators ----------------------------------------------------------------------------------------------------


def evaluator_pool(application) -> list:
    """Evaluator accounts staff may assign to this application, least loaded first (the first is the suggestion).
    Load = assignments not yet scored and not declined for a conflict. Each carries `load` and `institution`."""

    open_work = Q(assignments__scored_at__isnull=True) & ~Q(assignments__conflict=True)
    users = (
        get_user_model()
        .objects.filter(Q(groups__name=EVALUATOR), is_active=True)
        .exclude(assignments__application=application)
        .exclude(pk=application.person.user_id or 0)
        .annotate(load=Count("assignments", filter=open_work, distinct=True))
        .order_by("load", "last_name", "email")
        .distinct()
    )
    pool = list(users[:200])
    for user in pool:
        user.institution = ", ".join(a.short_name for a in agencies_of(user)) or "sin institución registrada"
        user.display_name = user.get_full_name() or user.email
    return pool


# A persona natural con giro or an EIRL (usually named after its owner) is a natural person for publication.
NATURAL_LEGAL_FORMS = {"persona_natural", "eirl"}


def is_natural_person(application) -> bool:
    return not application.enterprise_id or application.enterprise.legal_form in NATURAL_LEGAL_FORMS


def initials(person) -> str:
    return "".join(w[0].upper() + "." for w in f"{person.first_names} {person.last_names}".split() if w)


def applicant_list(call) -> list[dict]:
    """The call's applicants as an evaluator declares conflicts against them: organisations by name and RUT,
    natural persons by initials and commune only (their name is not needed to recognise a conflict)."""

    rows = []
    apps = (
        Application.objects.filter(call=call)
        .exclude(state="draft")
        .select_related("person", "person__commune", "enterprise")
        .order_by("folio")
    )
    for a in apps:
        if not is_natural_person(a):
            rows.append({"id": a.pk, "label": f"{a.enterprise.legal_name} (RUT {format_rut(a.enterprise.rut)})"})
        else:
            commune = a.person.commune.name if a.person.commune_id else "comuna no informada"
            # The folio tells apart two people with the same initials in the same commune.
            rows.append({"id": a.pk, "label": f"Persona natural {initials(a.person)}, {commune} (folio {a.folio})"})
    return rows


def committee_accounts():
    """Accounts with the committee role, to choose a session's members from."""

    return get_user_model().objects.filter(groups__name=COMMITTEE_MEMBER, is_active=True).order_by("last_name", "email")


# --- published results ----------------------------------------------------------------------------------------------


def publication_of(call):
    return ResultsPublication.objects.filter(call=call).first()


def published_rows(call) -> list[dict]:
    """The public list: folio, commune, result and amount for every admissible application; the name only of
    organisations (natural persons, including personas naturales con giro and EIRL, by folio only)."""

    rows = []
    apps = (
        Application.objects.filter(call=call, state__in=ADMISSIBLE_STATES)
        .select_related("person__commune", "enterprise", "enterprise__commune")
        .order_by("-score", "folio")
    )
    for a in apps:
        decision = getattr(a, "decision", None)
        commune = (a.enterprise.commune if a.enterprise_id and a.enterprise.commune_id else a.person.commune) or None
        rows.append(
            {
                "folio": a.folio,
                "name": "" if is_natural_person(a) else a.enterprise.legal_name,
                "commune": commune.name if commune else "",
                "result": decision.get_outcome_display() if decision else "Sin selección (evaluada sin decisión)",
                "amount_clp": decision.amount_clp if decision and decision.amount_clp else None,
                "score": a.score,
            }
        )
    return rows


def score_breakdown(application) -> list[dict]:
    """Per criterion, the mean of the evaluators' scores (no evaluator named)."""

    rubric = application.call.application_form.rubric or {}
    scored = list(application.assignments.filter(conflict=False, total__isnull=False))
    if not scored:
        return []
    return [
        {
            "label": c["label"],
            "weight": c["weight"],
            "mean": (sum(Decimal(a.scores.get(c["key"], 0)) for a in scored) / len(scored)).quantize(Decimal("0.1")),
        }
        for c in rubric.get("criteria", [])
    ]
