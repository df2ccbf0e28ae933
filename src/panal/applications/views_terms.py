"""The staff's pages for a call's bases and question period: the list of their agency's calls (reached from "Mi
trabajo" and the committee page) and, per call, one page to answer questions, set the question period, publish a new
version of the bases summary and sworn declaration, and upload a new version of the bases or an annex (PDF).
Staff of another agency and applicants get the same 404 as for a call that does not exist. Thin: each POST is one
service; a refused one shows its Spanish message next to its form (400) and keeps what was typed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from panal.catalog.selectors import agencies_of, get_call
from panal.core.dates import SANTIAGO
from panal.core.errors import DomainError
from panal.core.roles import ADMINISTRATOR, AGENCY_STAFF, has_role

from . import selectors, services

SUCCESS = {
    "answer": "Respuesta publicada en la página de la convocatoria.",
    "period": "Período de consultas guardado.",
    "terms": "Nueva versión de las bases y la declaración jurada publicada.",
    "document": "Documento publicado.",
}


def _scope(user):
    """Agency codes of a staff account; None for administrators; 404 for everyone else."""
    if has_role(user, ADMINISTRATOR):
        return None
    if has_role(user, AGENCY_STAFF):
        return [a.code for a in agencies_of(user)]
    raise Http404("Esta página es para el equipo de las instituciones.")


def _staff_call(request, code: str):
    call = get_call(code)
    if call is None or selectors.form_for_call(call) is None:
        raise Http404("Esa convocatoria no recibe postulaciones en línea.")
    try:
        services.declarations.check_call_staff(request.user, call)
    except DomainError as exc:
        raise Http404("No existe esa convocatoria o no la gestiona su institución.") from exc
    return call


def _day(moment) -> str:
    return timezone.localtime(moment, SANTIAGO).date().isoformat() if moment else ""


@login_required
@require_GET
def terms_index(request):
    calls = selectors.calls_for_terms(_scope(request.user))
    return render(request, "applications/staff/terms_index.html", {"calls": calls})


def _run(action: str, call, request) -> None:
    post, user = request.POST, request.user
    if action == "answer":
        item = selectors.question_of_call(call, post.get("item", ""))
        if item is None:
            raise DomainError("No existe esa consulta.", field="item")
        services.answer_question(item=item, actor=user, answer=post.get("answer", ""))
    elif action == "period":
        services.set_question_dates(
            call=call, actor=user, opens_on=post.get("opens_on", ""), closes_on=post.get("closes_on", "")
        )
    elif action == "terms":
        services.publish_terms(
            call=call,
            actor=user,
            bases_summary=post.get("bases_summary", ""),
            declaration=post.get("declaration", ""),
            obligations=post.get("obligations", ""),
            execution_months=post.get("execution_months", ""),
        )
    elif action == "document":
        services.attach_call_document(
            call=call,
            actor=user,
            kind=post.get("kind", ""),
            slug=post.get("slug", ""),
            title=post.get("title", ""),
            file=request.FILES.get("file"),
        )
    else:
        raise DomainError("Elija qué quiere hacer.", field="action")


@login_required
@require_http_methods(["GET", "POST"])
def staff_questions(request, code: str):
    call = _staff_call(request, code)
    error, status = None, 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            _run(action, call, request)
        except DomainError as exc:
            error, status = {"action": action, "message": exc.message, "field": exc.field}, 400
        else:
            messages.success(request, SUCCESS[action])
            return redirect("applications:staff_questions", code=code)
    opens, closes = selectors.question_period(call)
    terms = selectors.current_terms(call)
    posted = request.POST if error else {}
    context = {
        "call": call,
        "pending": selectors.unanswered_questions(call),
        "answered": selectors.published_questions(call),
        "documents": selectors.call_documents(call),
        "terms": terms,
        "opens": opens,
        "closes": closes,
        "error": error,
        "form": {
            "opens_on": posted.get("opens_on") or _day(opens),
            "closes_on": posted.get("closes_on") or _day(closes),
            "bases_summary": posted.get("bases_summary", terms.bases_summary if terms else ""),
            "declaration": posted.get("declaration", terms.declaration if terms else ""),
            "obligations": posted.get("obligations", "\n".join(terms.obligations) if terms else ""),
            "execution_months": posted.get("execution_months", terms.execution_months if terms else 6),
            "kind": posted.get("kind", "bases"),
            "slug": posted.get("slug", "bases"),
            "title": posted.get("title", ""),
            "answer": posted.get("answer", ""),
            "item": posted.get("item", ""),
        },
    }
    return render(request, "applications/staff/questions.html", context, status=status)
