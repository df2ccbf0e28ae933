"""Recurso de reposición pages: the applicant files it from their application page; staff resolve it from their
queue (its own URLs, beside the staff desk). Thin: each POST is one service."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from panal.core import audit
from panal.core.errors import DomainError, NotFound

from . import selectors, services
from .models import Reconsideration, ReconsiderationAttachment


@login_required
@require_POST
def file(request, pk: int):
    try:
        application = services.get_own_application(pk=pk, actor=request.user)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    try:
        services.file_reconsideration(
            application=application,
            actor=request.user,
            text=request.POST.get("text", ""),
            files=request.FILES.getlist("files"),
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Recibimos su recurso de reposición. Le avisaremos por correo cuando se resuelva.")
    return redirect("applications:detail", pk=pk)


def _visible(request, pk: int) -> tuple[Reconsideration, bool]:
    """The recurso if the user filed it or may resolve it (the second value: seen as staff)."""
    item = Reconsideration.objects.select_related("application__person", "application__call__instrument").filter(pk=pk)
    item = item.first()
    if item is None:
        raise Http404("No existe ese recurso.")
    if item.application.person.user_id == request.user.pk:
        return item, False
    if request.user.has_perm("applications.review", item.application):
        return item, True
    raise Http404("No existe ese recurso.")


@login_required
def attachment(request, pk: int, item: int):
    reconsideration, as_staff = _visible(request, pk)
    found = ReconsiderationAttachment.objects.filter(pk=item, reconsideration=reconsideration).first()
    if found is None:
        raise Http404("No existe ese adjunto.")
    if as_staff:  # staff reading an applicant's document: audited
        audit.record(actor=request.user, action="applications.reconsideration_attachment.read", obj=found)
    return FileResponse(found.file.open("rb"), as_attachment=True, filename=found.original_name)


@login_required
def queue(request):
    return render(
        request,
        "applications/staff/reconsiderations.html",
        {"items": selectors.reconsiderations_to_resolve(request.user)[:200]},
    )


@login_required
@require_http_methods(["GET", "POST"])
def resolve(request, pk: int):
    item, as_staff = _visible(request, pk)
    if not as_staff:
        raise Http404("No existe ese recurso.")
    if request.method == "POST":
        try:
            services.resolve_reconsideration(
                reconsideration=item,
                actor=request.user,
                accept=request.POST.get("decision") == "accept",
                reasons=request.POST.get("reasons", ""),
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "Resolución registrada y notificada a la postulante.")
            return redirect("applications:reconsiderations")
        return redirect("applications:reconsideration", pk=pk)
    audit.record(actor=request.user, action="applications.reconsideration.read", obj=item)
    return render(
        request,
        "applications/staff/reconsideration.html",
        {"item": item, "application": item.application, "history": selectors.history(item.application)},
    )
