"""The applicant's pages: start from a call, fill the form step by step (each step saved, no JavaScript needed),
review and submit, follow the status with every reason, answer clarifications, accept or decline an award."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from panal.catalog.selectors import get_call
from panal.core import notices
from panal.core.errors import DomainError, NotFound
from panal.core.hooks import app_hooks
from panal.registry.selectors import enterprises_represented_by, person_for_user

from . import form_definitions, selectors, services
from .documents import receipt_pdf
from .models import Clarification

BUDGET_ROWS = 8


def _own(request, pk):
    try:
        return services.get_own_application(pk=pk, actor=request.user)
    except NotFound as exc:
        raise Http404(exc.message) from exc


@login_required
def my_applications(request):
    return render(request, "applications/mine.html", {"applications": selectors.applications_of(request.user)})


@login_required
@require_http_methods(["GET", "POST"])
def start(request, code: str):
    call = get_call(code)
    if call is None or selectors.form_for_call(call) is None:
        raise Http404("Esa convocatoria no recibe postulaciones en línea.")
    existing = selectors.application_for(call=call, user=request.user)
    enterprises = _enterprises_for(request.user, call)
    context = {"call": call, "existing": existing, "enterprises": enterprises, "as_person": call.instrument.for_persona}
    if existing is None and not enterprises:
        # Before any form: the engine's verdict on the person's registry data, with the reason for each "no".
        context["verdict"] = _start_verdict(request.user, call)
    if request.method == "POST":
        enterprise = None
        chosen = request.POST.get("empresa", "")
        try:
            if chosen:
                enterprise = next((e for e in enterprises if str(e.pk) == chosen), None)
                if enterprise is None:
                    raise DomainError("Elija una de las empresas o cooperativas que usted representa.", field="empresa")
            application = services.start_application(call=call, actor=request.user, enterprise=enterprise)
        except services.NotEligibleError as exc:
            context["verdict"] = exc.verdict
            return render(request, "applications/start.html", {**context, "error": exc.message}, status=400)
        except DomainError as exc:
            return render(request, "applications/start.html", {**context, "error": exc.message}, status=400)
        return redirect("applications:step", pk=application.pk, step=1)
    return render(request, "applications/start.html", context)


def _start_verdict(user, call) -> dict | None:

    person = person_for_user(user)
    if person is None:
        return None
    return services.eligibility_at_start(call=call, person=person)


def _enterprises_for(user, call) -> list:
    """The enterprises or cooperatives the user represents, when the call's instrument is for them."""

    instrument = call.instrument
    person = person_for_user(user)
    if person is None or not (instrument.for_empresa or instrument.for_cooperativa):
        return []
    return list(enterprises_represented_by(person))


def _section_context(application, step: int, errors=None, values=None):
    sections = application.call.application_form.sections
    if not 1 <= step <= len(sections):
        raise Http404("Ese paso no existe.")
    section = sections[step - 1]
    documents = {d.question: d for d in application.documents.all()}
    values = values if values is not None else application.answers
    budget_q = next((q for q in section["questions"] if q["type"] == "budget"), None)
    rows = []
    if budget_q:
        lines = values.get("__budget__", application.budget) if isinstance(values, dict) else application.budget
        for i in range(max(BUDGET_ROWS, len(lines))):
            line = lines[i] if i < len(lines) else {}
            rows.append({"n": i + 1, **line})
    fields = []
    for q in section["questions"]:
        fields.append(
            {
                "q": q,
                "value": values.get(q["key"], ""),
                "error": (errors or {}).get(q["key"]),
                "document": documents.get(q["key"]),
                "choices": q.get("choices", []),
            }
        )
    budget_errors = {k: v for k, v in (errors or {}).items() if k.startswith("budget")}
    return {
        "application": application,
        "call": application.call,
        "sections": sections,
        "section": section,
        "step": step,
        "steps": len(sections),
        "fields": fields,
        "budget_q": budget_q,
        "budget_rows": rows,
        "budget_errors": budget_errors,
        "errors": errors or {},
    }


def _read_budget(post) -> list[dict]:
    lines = []
    for i in range(1, 100):
        prefix = f"budget-{i}-"
        if f"{prefix}category" not in post and f"{prefix}amount" not in post:
            break
        category, description, amount = (
            post.get(prefix + k, "").strip() for k in ("category", "description", "amount")
        )
        if category or description or amount:
            lines.append({"category": category, "description": description, "amount": amount})
    return lines


@login_required
@require_http_methods(["GET", "POST"])
def step(request, pk: int, step: int):
    application = _own(request, pk)
    if application.state != "draft":
        return redirect("applications:detail", pk=pk)
    context = _section_context(application, step)
    if request.method == "GET":
        return render(request, "applications/step.html", context)
    section = context["section"]
    text_keys = {q["key"] for q in section["questions"] if q["type"] not in ("file", "budget")}
    file_keys = {q["key"] for q in section["questions"] if q["type"] == "file"}
    has_budget = context["budget_q"] is not None
    allowed = text_keys | {"csrfmiddlewaretoken", "action"}
    # A browser sends an empty file input as an empty field: that is "no new file", not a foreign field.
    allowed |= {k for k in file_keys if not request.POST.get(k)}
    unknown = [k for k in request.POST if k not in allowed and not (has_budget and k.startswith("budget-"))]
    unknown += [k for k in request.FILES if k not in file_keys]
    if unknown:
        services.log_tampering(actor=request.user, application=application, field=unknown[0])
        context["form_error"] = f"El formulario traía un campo que no le corresponde («{unknown[0]}»); no se guardó."
        return render(request, "applications/step.html", context, status=400)
    answers = {k: request.POST.get(k, "") for k in text_keys}
    budget = _read_budget(request.POST) if has_budget else None
    errors = form_definitions.answer_errors(context["sections"], answers)
    if budget is not None:
        try:
            form_definitions.clean_budget(context["sections"], budget)
        except DomainError as exc:
            errors[exc.field or "budget"] = exc.message
    try:
        if not errors:
            services.save_draft(application=application, actor=request.user, answers=answers, budget=budget)
        for key in file_keys:
            if key in request.FILES:
                try:
                    services.upload_document(
                        application=application, actor=request.user, question=key, file=request.FILES[key]
                    )
                except DomainError as exc:
                    errors[key] = exc.message
    except DomainError as exc:
        errors[exc.field or "form"] = exc.message
        context["form_error"] = exc.message
    if errors:
        application.refresh_from_db()
        values = {**application.answers, **answers, "__budget__": budget or []}
        context = _section_context(application, step, errors=errors, values=values)
        context.setdefault("form_error", "No se guardaron los cambios de este paso: revise los campos marcados.")
        return render(request, "applications/step.html", context, status=400)
    messages.success(request, "Guardamos este paso de su postulación.")
    if request.POST.get("action") == "next":
        if step < context["steps"]:
            return redirect("applications:step", pk=pk, step=step + 1)
        return redirect("applications:review", pk=pk)
    return redirect("applications:step", pk=pk, step=step)


@login_required
@require_http_methods(["GET", "POST"])
def review(request, pk: int):
    application = _own(request, pk)
    if application.state != "draft":
        return redirect("applications:detail", pk=pk)
    sections = application.call.application_form.sections
    status = 200
    error = ""
    terms = selectors.current_terms(application.call)
    if request.method == "POST":
        version = request.POST.get("terms_version", "")
        accepted = request.POST.get("accept_terms") == "1" and version.isdigit() and len(version) < 6
        try:
            application = services.submit_application(
                application=application, actor=request.user, terms_version=int(version) if accepted else None
            )
        except services.AdmissibilityError as exc:
            error, status = exc.message, 400
        except DomainError as exc:
            error, status = exc.message, 400
        else:
            notices.record_shown(key="postulaciones", obj=application)  # the version of the notice the page showed
            messages.success(request, f"Postulación enviada. Su folio es {application.folio}.")
            return redirect("applications:detail", pk=pk)
    problems, verdict = services.admissibility_problems(application)
    listed = [
        {"field": field, "message": message, "step": form_definitions.step_of(sections, field)}
        for field, message in problems.items()
    ]
    context = {
        "application": application,
        "call": application.call,
        "sections": sections,
        "problems": listed,
        "verdict": verdict,
        "summary": selectors.application_summary(application),
        "terms": terms,
        "documents": selectors.call_documents(application.call),
        "error": error,
        "closes": services.local_time(application.call.closes_at),
    }
    return render(request, "applications/review.html", context, status=status)


@login_required
def detail(request, pk: int):
    application = _own(request, pk)
    return render(
        request,
        "applications/detail.html",
        {
            "application": application,
            "call": application.call,
            "history": selectors.history(application),
            "clarifications": application.clarifications.all(),
            "documents": application.documents.all(),
            "contestable": services.contestable(application),
            "reconsiderations": application.reconsiderations.all(),
            "project": _project_of(application),
            "to_fix": _to_fix(application),
            "publication": selectors.publication_of(application.call),
        },
    )


def _project_of(application):
    """The grantee's project page, once the award is accepted (portfolio listens to the acceptance)."""
    if application.state != "accepted":
        return None
    # Through a hook (like `demo` and `work`): portfolio sits above applications, which must not import it.

    for _label, project_for_award in app_hooks("applicant_links", "project_for_award"):
        project = project_for_award(application.pk)
        if project is not None:
            return project
    return None


def _to_fix(application) -> list[dict]:
    """The fixable requirements of an open correction window, each with the file question that proves it."""
    if application.state != "correcting":
        return []
    questions = form_definitions.questions(application.call.application_form.sections)
    requirements = {r["key"]: r for r in services.requirements_of(application.call)}
    rows = []
    for check in application.admissibility_checks.filter(verdict="fixable"):
        document = requirements.get(check.requirement, {}).get("document")
        rows.append({"check": check, "question": questions.get(document) if document else None})
    return rows


@login_required
@require_POST
def correct(request, pk: int):
    """Within the correction window: replace the documents asked for, then send the correction."""
    application = _own(request, pk)
    try:
        for row in _to_fix(application):
            question = row["question"]
            if question and request.FILES.get(question["key"]):
                services.upload_document(
                    application=application,
                    actor=request.user,
                    question=question["key"],
                    file=request.FILES[question["key"]],
                )
        if request.POST.get("action") == "send":
            services.submit_correction(application=application, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        sent = request.POST.get("action") == "send"
        messages.success(request, "Enviamos su corrección al equipo revisor." if sent else "Guardamos el archivo.")
    return redirect("applications:detail", pk=pk)


@login_required
@require_POST
def respond(request, pk: int):
    application = _own(request, pk)
    accept = request.POST.get("answer") == "accept"
    try:
        services.respond_to_award(
            application=application, actor=request.user, accept=accept, reason=request.POST.get("reason", "")
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Registramos su respuesta." if accept else "Registramos que rechaza la adjudicación.")
    return redirect("applications:detail", pk=pk)


@login_required
@require_POST
def answer_clarification(request, pk: int, item: int):
    application = _own(request, pk)
    clarification = Clarification.objects.filter(pk=item, application=application).first()
    if clarification is None:
        raise Http404("No existe esa consulta.")
    try:
        services.answer_clarification(
            clarification=clarification, actor=request.user, answer=request.POST.get("answer", "")
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Enviamos su respuesta.")
    return redirect(reverse("applications:detail", args=[pk]) + "#aclaraciones")


@login_required
def receipt(request, pk: int):
    application = _own(request, pk)
    if not application.folio:
        raise Http404("La postulación aún no se envía: no tiene comprobante.")
    response = HttpResponse(receipt_pdf(application), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="comprobante-{application.folio}.pdf"'
    return response
