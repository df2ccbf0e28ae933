"""Back-office pages: staff review (admissibility, evaluators, clarifications), evaluators (conflict declaration,
scoring), committee (ranking, session, attendance, decisions in batch, acta PDF). Thin: each POST is one service."""

from datetime import datetime

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from panal.catalog.selectors import agencies_of, get_call
from panal.core.errors import DomainError
from panal.core.money import parse_clp
from panal.core.roles import ADMINISTRATOR, AGENCY_STAFF, COMMITTEE_MEMBER, EVALUATOR, has_role

from . import form_definitions, selectors, services
from .documents import acta_pdf
from .models import Application, CommitteeSession
from .workflow import STATE_LABELS


def _staff_scope(user):
    """Agency codes the user reviews for; None = all (administrators)."""
    if has_role(user, ADMINISTRATOR):
        return None
    if has_role(user, AGENCY_STAFF):
        return [a.code for a in agencies_of(user)]
    raise HttpForbidden("Esta página es para el equipo de las instituciones.")


@login_required
def staff_list(request):
    scope = _staff_scope(request.user)
    call = get_call(request.GET.get("convocatoria", "")) if request.GET.get("convocatoria") else None
    state = request.GET.get("estado", "")
    rows = selectors.staff_applications(
        call=call, state=state or None, agency_codes=scope, text=request.GET.get("q", "").strip()
    )
    return render(
        request,
        "applications/staff/list.html",
        {"rows": rows[:500], "states": STATE_LABELS, "params": request.GET, "count": rows.count()},
    )


def _staff_application(request, pk):
    application = Application.objects.select_related("call", "call__instrument", "person", "enterprise").filter(pk=pk)
    application = application.first()
    if application is None or not request.user.has_perm("applications.view_as_staff", application):
        raise Http404("No existe esa postulación o no le corresponde revisarla.")
    return application


@login_required
@require_http_methods(["GET", "POST"])
def staff_detail(request, pk: int):
    application = _staff_application(request, pk)
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "assign":
                evaluator = get_user_model().objects.filter(email=request.POST.get("evaluator", "").strip()).first()
                if evaluator is None:
                    raise DomainError("No existe una cuenta con ese correo.", field="evaluator")
                services.assign_evaluator(application=application, actor=request.user, evaluator=evaluator)
            elif action == "clarify":
                services.request_clarification(
                    application=application, actor=request.user, question=request.POST.get("question", "")
                )
            else:
                services.review(
                    application=application, actor=request.user, name=action, reason=request.POST.get("reason", "")
                )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "Listo: quedó registrado.")
        return redirect("applications:staff_detail", pk=pk)
    sections = application.call.application_form.sections
    answers = [
        {"label": q["label"], "value": form_definitions.display(q, application.answers.get(q["key"]))}
        for s in sections
        for q in s["questions"]
        if q["type"] not in ("file", "budget")
    ]
    return render(
        request,
        "applications/staff/detail.html",
        {
            "application": application,
            "answers": answers,
            "history": selectors.history(application),
            "assignments": application.assignments.select_related("evaluator"),
            "clarifications": application.clarifications.all(),
            "documents": application.documents.all(),
        },
    )


@login_required
def evaluator_list(request):
    if not has_role(request.user, EVALUATOR):
        raise HttpForbidden("Esta página es para evaluadores/as.")
    return render(request, "applications/staff/evaluations.html", {"rows": selectors.assignments_for(request.user)})


@login_required
@require_http_methods(["GET", "POST"])
def evaluate(request, pk: int):
    assignment = selectors.visible_assignment(pk=pk, evaluator=request.user)
    if assignment is None:
        raise Http404("No tiene esa evaluación asignada.")
    rubric = assignment.application.call.application_form.rubric
    errors = {}
    if request.method == "POST":
        try:
            if request.POST.get("action") == "declare":
                conflict = request.POST.get("conflict") == "yes"
                services.declare_conflict(
                    assignment=assignment, actor=request.user, conflict=conflict, note=request.POST.get("note", "")
                )
                if conflict:
                    messages.success(
                        request, "Registramos su conflicto de interés; la postulación ya no se le muestra."
                    )
                    return redirect("applications:evaluator_list")
            else:
                scores = {c["key"]: request.POST.get(f"score-{c['key']}", "") for c in rubric.get("criteria", [])}
                services.score(
                    assignment=assignment, actor=request.user, scores=scores, comment=request.POST.get("comment", "")
                )
        except DomainError as exc:
            errors[exc.field or "form"] = exc.message
        else:
            messages.success(request, "Evaluación guardada.")
            return redirect("applications:evaluate", pk=pk)
        assignment.refresh_from_db()
    application = assignment.application
    answers = []
    if assignment.conflict is False:
        answers = [
            {"label": q["label"], "value": form_definitions.display(q, application.answers.get(q["key"]))}
            for s in application.call.application_form.sections
            for q in s["questions"]
            if q["type"] not in ("file", "budget")
        ]
    scale = range(int(rubric.get("scale_min", 1)), int(rubric.get("scale_max", 7)) + 1) if rubric else []
    return render(
        request,
        "applications/staff/evaluate.html",
        {
            "assignment": assignment,
            "application": application,
            "rubric": rubric,
            "scale": scale,
            "answers": answers,
            "errors": errors,
        },
        status=400 if errors else 200,
    )


def _committee_call(request, code):
    call = get_call(code)
    if call is None:
        raise Http404("No existe esa convocatoria.")
    user = request.user
    if not (has_role(user, COMMITTEE_MEMBER) or has_role(user, AGENCY_STAFF) or has_role(user, ADMINISTRATOR)):
        raise HttpForbidden("Esta página es para el comité y el equipo de la institución.")
    return call


@login_required
@require_http_methods(["GET", "POST"])
def committee(request, code: str):
    call = _committee_call(request, code)
    if request.method == "POST":
        emails = [e.strip() for e in request.POST.get("members", "").replace(";", ",").split(",") if e.strip()]
        members = list(get_user_model().objects.filter(email__in=emails))
        try:
            if len(members) != len(set(emails)):
                raise DomainError("Algún correo de integrante no corresponde a una cuenta.", field="members")
            held_at = timezone.make_aware(datetime.fromisoformat(request.POST.get("held_at", "")))
            session = services.create_session(
                call=call,
                actor=request.user,
                held_at=held_at,
                quorum=int(request.POST.get("quorum") or 0),
                members=members,
                committee=request.POST.get("committee", "cer"),
                place=request.POST.get("place", ""),
            )
        except ValueError:
            messages.error(request, "Escriba la fecha y hora de la sesión y el quórum como número.")
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            return redirect("applications:session", pk=session.pk)
        return redirect("applications:committee", code=code)
    return render(
        request,
        "applications/staff/committee.html",
        {"call": call, "ranking": selectors.ranking(call), "sessions": selectors.sessions_of(call)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_detail(request, pk: int):
    session = CommitteeSession.objects.select_related("call").filter(pk=pk).first()
    if session is None:
        raise Http404("No existe esa sesión.")
    _committee_call(request, session.call.code)
    ranking = selectors.ranking(session.call)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "attendance":
                present = session.members.filter(pk__in=request.POST.getlist("present"))
                services.record_attendance(session=session, actor=request.user, present=present)
            elif action == "close":
                services.close_session(session=session, actor=request.user, notes=request.POST.get("notes", ""))
            else:
                decisions = []
                for application in ranking:
                    outcome = request.POST.get(f"outcome-{application.pk}", "")
                    if not outcome:
                        continue
                    amount = request.POST.get(f"amount-{application.pk}", "").strip()
                    decisions.append(
                        {
                            "application": application,
                            "outcome": outcome,
                            "amount_clp": parse_clp(amount) if amount else None,
                            "reason": request.POST.get(f"reason-{application.pk}", ""),
                        }
                    )
                if not decisions:
                    raise DomainError("Elija al menos una decisión.", field="outcome")
                services.decide_batch(session=session, actor=request.user, decisions=decisions)
        except ValueError:
            messages.error(request, "Escriba los montos en pesos, por ejemplo 3.500.000.")
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "Listo: quedó registrado en el acta.")
        return redirect("applications:session", pk=pk)
    return render(
        request,
        "applications/staff/session.html",
        {
            "session": session,
            "call": session.call,
            "members": session.members.all(),
            "present_ids": set(session.present.values_list("pk", flat=True)),
            "ranking": ranking,
            "decisions": selectors.decisions_of(session),
        },
    )


@login_required
def acta(request, pk: int):
    session = CommitteeSession.objects.select_related("call").filter(pk=pk).first()
    if session is None:
        raise Http404("No existe esa sesión.")
    _committee_call(request, session.call.code)
    response = HttpResponse(acta_pdf(session), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="acta-sesion-{session.pk}.pdf"'
    return response
