"""The data-protection queue for administrators: open requests with overdue alerts, extend, block, answer."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from panal.core.errors import DomainError

from . import selectors, services
from .forms import AnswerForm, ExtendForm, IncidentForm, IncidentNoticeForm
from .models import Incident


def data_protection(view):
    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not selectors.can_manage(request.user):
            raise PermissionDenied("Las solicitudes de datos personales son solo para la administración de Panal.")
        return view(request, *args, **kwargs)

    return wrapped


@data_protection
@require_GET
def queue(request):
    rows = selectors.staff_queue()
    return render(request, "privacy/staff_queue.html", {"rows": rows, "overdue": sum(1 for r in rows if r["overdue"])})


@data_protection
@require_http_methods(["GET", "POST"])
def detail(request, pk: int):
    filed = selectors.get_request(pk)
    if filed is None:
        raise Http404("No existe esa solicitud.")
    answer_form, extend_form = AnswerForm(), ExtendForm()
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "extend":
                extend_form = ExtendForm(request.POST)
                if extend_form.is_valid():
                    services.extend_request(
                        request=filed, reason=extend_form.cleaned_data["reason"], actor=request.user
                    )
                    messages.success(request, "La solicitud quedó prorrogada 30 días.")
                    return redirect("privacy:staff_detail", pk=pk)
            elif action == "block":
                services.mark_blocked(request=filed, actor=request.user)
                messages.success(request, "Bloqueo registrado.")
                return redirect("privacy:staff_detail", pk=pk)
            elif action in ("answer", "refuse"):
                answer_form = AnswerForm(request.POST)
                if answer_form.is_valid():
                    services.answer_request(
                        request=filed,
                        answer=answer_form.cleaned_data["answer"],
                        actor=request.user,
                        refuse=action == "refuse",
                    )
                    messages.success(request, "La respuesta quedó registrada y la persona puede verla en «Mis datos».")
                    return redirect("privacy:staff_queue")
        except DomainError as exc:
            messages.error(request, exc.message)
    return render(
        request,
        "privacy/staff_detail.html",
        {"filed": filed, "answer_form": answer_form, "extend_form": extend_form},
    )


@data_protection
@require_http_methods(["GET", "POST"])
def incidents(request):
    """The incidents register (Art. 14 sexies): record one, add the notification dates, close it."""
    form = IncidentForm(request.POST if request.POST.get("action") == "record" else None)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "record" and form.is_valid():
                services.record_incident(actor=request.user, **form.cleaned_data)
                messages.success(request, "Incidente registrado.")
                return redirect("privacy:incidents")
            if request.POST.get("action") in ("notify", "close"):
                incident = Incident.objects.filter(pk=request.POST.get("incident") or 0).first()
                if incident is None:
                    raise Http404("No existe ese incidente.")
                notice = IncidentNoticeForm(request.POST)
                if notice.is_valid():
                    services.record_incident_notices(incident=incident, actor=request.user, **notice.cleaned_data)
                if request.POST.get("action") == "close":
                    services.close_incident(incident=incident, actor=request.user)
                    messages.success(request, "Incidente cerrado.")
                return redirect("privacy:incidents")
        except (DomainError, ValueError) as exc:
            messages.error(request, getattr(exc, "message", "Revise los datos."))
    return render(
        request,
        "privacy/incidents.html",
        {"form": form, "incidents": Incident.objects.order_by("-detected_at"), "notice_form": IncidentNoticeForm()},
    )
