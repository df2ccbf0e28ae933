"""Organiser pages of a rueda: set-up, figures, schedule and publish, moves and no-shows, check-in, the live
board and the table signs. Only staff of the activity's agency (events' rule) reach them."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from panal.core.errors import DomainError
from panal.core.middleware import answers_bad_input
from panal.events import selectors as events_selectors

from . import documents, selectors, services
from .forms import MoveForm, RuedaForm, ScheduleForm
from .models import MeetingStatus


def organiser(view):
    @login_required
    @wraps(view)
    def wrapped(request, pk: int, *args, **kwargs):
        rueda = selectors.get_rueda(pk)
        if rueda is None:
            raise Http404(f"No existe la rueda número {pk}.")
        if not selectors.can_manage(request.user, rueda):
            raise PermissionDenied("Solo el equipo de la institución organizadora gestiona esta rueda.")
        return view(request, rueda, *args, **kwargs)

    return wrapped


@login_required
@require_http_methods(["GET", "POST"])
def create(request, activity_id: int):
    activity = events_selectors.get_activity(activity_id)
    if activity is None or activity.type != "rueda":
        raise Http404("No existe esa actividad de rueda de negocios.")
    if not events_selectors.can_manage_activity(request.user, activity):
        raise PermissionDenied("Solo el equipo de la institución organizadora configura esta rueda.")
    existing = selectors.rueda_for_activity(activity.pk)
    if existing is not None:
        return redirect("networks:manage", pk=existing.pk)
    form = RuedaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            rueda = services.create_rueda(actor=request.user, activity_id=activity.pk, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, f"Rueda configurada con {rueda.slots.count()} bloques.")
            return redirect("networks:manage", pk=rueda.pk)
    return render(request, "networks/rueda_form.html", {"activity": activity, "form": form})


@organiser
@require_GET
def manage(request, rueda):
    return render(
        request,
        "networks/manage.html",
        {
            "rueda": rueda,
            "stats": selectors.stats(rueda),
            "meetings": selectors.meetings(rueda),
            "participants": rueda.participants.order_by("name"),
            "schedule_form": ScheduleForm(),
            "statuses": MeetingStatus.choices,
            "gap": _gap(rueda),
        },
    )


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _gap(rueda):
    if rueda.upper_bound in (None, 0) or rueda.objective is None:
        return None
    return 100 * (rueda.upper_bound - rueda.objective) / rueda.upper_bound


@organiser
@require_POST
def schedule(request, rueda):
    form = ScheduleForm(request.POST)
    limit = form.cleaned_data["time_limit"] if form.is_valid() else 10
    try:
        result = services.schedule_rueda(actor=request.user, rueda_id=rueda.pk, time_limit=limit)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            f"Agenda preliminar: {_count(len(result.meetings), 'reunión', 'reuniones')}, "
            f"{len(result.unscheduled)} sin agendar "
            f"(brecha demostrada {result.gap_pct:.1f} %).",
        )
    return redirect("networks:manage", pk=rueda.pk)


@organiser
@require_POST
def publish(request, rueda):
    try:
        services.publish_agenda(actor=request.user, rueda_id=rueda.pk)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Agenda publicada: cada participante recibe la suya por correo.")
    return redirect("networks:manage", pk=rueda.pk)


@answers_bad_input  # redirects back with a message (core.middleware)
@organiser
@require_POST
def move(request, rueda, meeting_id: int):
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Indique el número de bloque y la mesa.")
        return redirect("networks:manage", pk=rueda.pk)
    try:
        services.move_meeting(
            actor=request.user,
            meeting_id=meeting_id,
            slot_number=form.cleaned_data["slot"],
            table=form.cleaned_data["table"],
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Reunión movida; si la agenda está publicada, ambos reciben el aviso.")
    return redirect("networks:manage", pk=rueda.pk)


@answers_bad_input  # redirects back with a message (core.middleware)
@organiser
@require_POST
def meeting_status(request, rueda, meeting_id: int):
    try:
        services.set_meeting_status(actor=request.user, meeting_id=meeting_id, status=request.POST.get("status", ""))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("networks:board" if request.POST.get("next") == "board" else "networks:manage", pk=rueda.pk)


@answers_bad_input  # redirects back with a message (core.middleware)
@organiser
@require_POST
def check_in(request, rueda, participant_id: int):
    try:
        participant, new = services.check_in(actor=request.user, participant_id=participant_id)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, f"Llegada de {participant.name} registrada." if new else f"{participant.name} ya había llegado."
        )
    return redirect("networks:manage", pk=rueda.pk)


@organiser
@require_GET
def board(request, rueda):
    try:
        number = int(request.GET["bloque"])
    except (KeyError, ValueError):
        number = None
    context = {"rueda": rueda, "now": timezone.now(), **selectors.board(rueda, slot_number=number)}
    template = "networks/_board.html" if request.htmx else "networks/board.html"
    return render(request, template, context)


@organiser
@require_GET
def table_signs(request, rueda):
    response = HttpResponse(documents.table_signs_pdf(rueda), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="mesas-rueda-{rueda.pk}.pdf"'
    return response
