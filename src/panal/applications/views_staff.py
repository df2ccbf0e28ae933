"""Back-office pages: staff review (admissibility, evaluators, clarifications), evaluators (conflict declaration,
scoring), committee (ranking, session, attendance, decisions in batch, acta PDF). Thin: each POST is one service."""

from datetime import datetime

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from panal.catalog.selectors import agencies_of, get_call
from panal.core.errors import DomainError
from panal.core.middleware import answers_bad_input
from panal.core.money import parse_clp
from panal.core.roles import ADMINISTRATOR, AGENCY_STAFF, COMMITTEE_MEMBER, EVALUATOR, has_role

from . import form_definitions, selectors, services
from .models import SEAT_ROLES, VERDICTS, Application, CommitteeSession
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
    rows = selectors.pending(rows, request.GET.get("pendiente", ""))
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


@answers_bad_input  # refuses NUL in its texts with a message and redirects back (core.middleware)
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
            elif action == "requirements":
                verdicts = {
                    r["key"]: {
                        "verdict": request.POST.get(f"verdict-{r['key']}", ""),
                        "note": request.POST.get(f"note-{r['key']}", ""),
                    }
                    for r in services.requirements_of(application.call)
                }
                services.check_requirements(application=application, actor=request.user, verdicts=verdicts)
            elif action == "request_correction":
                services.request_correction(application=application, actor=request.user)
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
            "requirements": _requirement_rows(application),
            "pool": selectors.evaluator_pool(application)
            if application.state in ("admissible", "in_evaluation")
            else [],
            "verdict_choices": VERDICTS,
        },
    )


def _requirement_rows(application) -> list[dict]:
    checks = services.verdicts_of(application)
    return [{**r, "check": checks.get(r["key"])} for r in services.requirements_of(application.call)]


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
                marked = [v for v in request.POST.getlist("conflicts") if v.isdigit() and len(v) < 12]
                if len(marked) != len(request.POST.getlist("conflicts")):
                    raise DomainError("Marque postulaciones de la lista.", field="conflicts")
                assignment = services.declare_conflicts(
                    assignment=assignment, actor=request.user, conflicts_with=marked, note=request.POST.get("note", "")
                )
                if assignment.conflict:
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
            "documents": application.documents.all() if assignment.conflict is False else [],
            "applicants": selectors.applicant_list(application.call) if assignment.conflict is None else [],
            "errors": errors,
        },
        status=400 if errors else 200,
    )


def _committee_call(request, code):
    """The call whose committee page this user may read: its agency's staff, administrators, and members of one
    of its sessions. Everyone else gets the same 404 as for a call that does not exist."""
    call = get_call(code)
    if call is None or not request.user.has_perm("applications.view_committee", call):
        raise Http404("No existe esa convocatoria o su comité no le corresponde.")
    return call


def _visible_session(request, pk):
    session = CommitteeSession.objects.select_related("call", "call__instrument").filter(pk=pk).first()
    if session is None or not request.user.has_perm("applications.view_session", session):
        raise Http404("No existe esa sesión o no le corresponde.")
    return session


@login_required
def committee_index(request):
    """The committees this account works with: the calls its agency runs, or the sessions it sits on."""
    user = request.user
    staff = has_role(user, ADMINISTRATOR) or has_role(user, AGENCY_STAFF)
    if not (staff or has_role(user, COMMITTEE_MEMBER)):
        raise HttpForbidden("Esta página es para el equipo de las instituciones y los comités.")
    calls = selectors.committee_calls(_staff_scope(user)) if staff else []
    sessions = selectors.sessions_for_member(user) if has_role(user, COMMITTEE_MEMBER) else []
    return render(request, "applications/staff/committees.html", {"calls": calls, "sessions": sessions})


@answers_bad_input  # refuses NUL in its texts with a message and redirects back (core.middleware)
@login_required
@require_http_methods(["GET", "POST"])
def committee(request, code: str):
    call = _committee_call(request, code)
    can_run = request.user.has_perm("applications.run_committee", call)
    if request.method == "POST":
        if not can_run:
            raise Http404("Solo el equipo de la institución de la convocatoria convoca a su comité.")
        chosen = [v for v in request.POST.getlist("member") if v.isdigit() and len(v) < 12]
        members = list(selectors.committee_accounts().filter(pk__in=chosen))
        seats = {
            m.pk: {
                "role": request.POST.get(f"role-{m.pk}", "member"),
                "institution": request.POST.get(f"institution-{m.pk}", ""),
            }
            for m in members
        }
        try:
            if len(members) != len(set(request.POST.getlist("member"))):
                raise DomainError("Elija integrantes de la lista.", field="members")
            held_at = timezone.make_aware(datetime.fromisoformat(request.POST.get("held_at", "")))
            session = services.create_session(
                call=call,
                actor=request.user,
                held_at=held_at,
                quorum=int(request.POST.get("quorum") or 0),
                members=members,
                committee=request.POST.get("committee", "cer"),
                place=request.POST.get("place", ""),
                link=request.POST.get("link", ""),
                agenda=request.POST.get("agenda", ""),
                seats=seats,
            )
        except (ValueError, OverflowError):
            messages.error(request, "Escriba la fecha y hora de la sesión y el quórum como número.")
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "Sesión convocada: enviamos la citación a cada integrante.")
            return redirect("applications:session", pk=session.pk)
        return redirect("applications:committee", code=code)
    return render(
        request,
        "applications/staff/committee.html",
        {
            "call": call,
            "ranking": selectors.ranking(call),
            "sessions": selectors.sessions_of(call)
            if can_run
            else selectors.sessions_of(call).filter(members=request.user),
            "can_run": can_run,
            "accounts": selectors.committee_accounts() if can_run else [],
            "seat_roles": SEAT_ROLES,
            "publication": selectors.publication_of(call),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_detail(request, pk: int):
    session = _visible_session(request, pk)
    ranking = selectors.ranking(session.call)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "attendance":
                ids = [v for v in request.POST.getlist("present") if v.isdigit() and len(v) < 12]
                present = session.members.filter(pk__in=ids)
                services.record_attendance(session=session, actor=request.user, present=present)
            elif action == "abstain":
                target = next((a for a in ranking if str(a.pk) == request.POST.get("application")), None)
                if target is None:
                    raise DomainError("Elija una postulación del ranking.", field="application")
                services.abstain(
                    session=session, actor=request.user, application=target, reason=request.POST.get("reason", "")
                )
            elif action == "reschedule":
                held_at = timezone.make_aware(datetime.fromisoformat(request.POST.get("held_at", "")))
                services.reschedule_session(
                    session=session, actor=request.user, held_at=held_at, place=request.POST.get("place", "")
                )
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
        except (ValueError, OverflowError):
            messages.error(request, "Revise los datos: montos en pesos (por ejemplo 3.500.000) y fechas completas.")
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
            "seats": session.seats.select_related("user"),
            "present_ids": set(session.present.values_list("pk", flat=True)),
            "abstentions": session.abstentions.select_related("user", "application"),
            "is_member": session.members.filter(pk=request.user.pk).exists(),
            "can_run": request.user.has_perm("applications.run_committee", session.call),
            "ranking": ranking,
            "decisions": selectors.decisions_of(session),
        },
    )


@login_required
def acta(request, pk: int):
    session = _visible_session(request, pk)
    version = services.issue_acta(session=session)
    response = HttpResponse(bytes(version.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="acta-sesion-{session.pk}-v{version.number}.pdf"'
    return response


@login_required
@require_GET
def document(request, pk: int):
    """An uploaded document, for those who may read it (PDF shown in the browser, anything else downloaded)."""
    item = services.open_document(pk=pk, actor=request.user)
    if item is None:
        raise Http404("No existe ese documento o no le corresponde verlo.")
    is_pdf = item.content_type == "application/pdf"
    response = FileResponse(
        item.file.open("rb"),
        as_attachment=not is_pdf,
        filename=item.original_name,
        content_type=item.content_type if is_pdf else "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
