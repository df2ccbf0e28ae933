"""A call's bases, annexes and question period (consultas a las bases): the public page where signed-in people ask,
and its PDFs. The staff's page for the same call is in `views_terms`. Thin: each POST is one service."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from panal.catalog.selectors import get_call
from panal.core.errors import DomainError

from . import selectors, services
from .models import CallDocument


def _call(code: str):
    call = get_call(code)
    if call is None or selectors.form_for_call(call) is None:
        raise Http404("Esa convocatoria no recibe postulaciones en línea.")
    return call


@require_http_methods(["GET", "POST"])
def call_info(request, code: str):
    call = _call(code)
    error, status = "", 200
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"/cuenta/ingresar/?next={request.path}")
        try:
            services.ask_question(call=call, actor=request.user, question=request.POST.get("question", ""))
        except DomainError as exc:
            error, status = exc.message, 400
        else:
            messages.success(request, "Recibimos su consulta. La respuesta se publicará en esta página.")
            return redirect("applications:call_info", code=code)
    opens, closes = selectors.question_period(call)
    now = timezone.now()
    context = {
        "call": call,
        "terms": selectors.current_terms(call),
        "documents": selectors.call_documents(call),
        "questions": selectors.published_questions(call),
        "opens": opens,
        "closes": closes,
        "period_open": bool(opens and closes and opens <= now < closes),
        "error": error,
        "question": request.POST.get("question", "") if error else "",
        "can_manage": _can_manage(request.user, call),
    }
    return render(request, "applications/call_info.html", context, status=status)


def _can_manage(user, call) -> bool:
    try:
        services.declarations.check_call_staff(user, call)
    except DomainError:
        return False
    return True


def call_document(request, code: str, pk: int):
    call = _call(code)
    document = CallDocument.objects.filter(pk=pk, call=call).first()
    if document is None:
        raise Http404("No existe ese documento.")
    name = f"{document.slug}-v{document.version}.pdf"
    return FileResponse(document.file.open("rb"), content_type="application/pdf", filename=name)
