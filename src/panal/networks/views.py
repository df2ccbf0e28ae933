"""Participant pages of a rueda: join, browse and suggestions, requests, my agenda (PDF, .ics), follow-up."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from panal.core import notices
from panal.core.errors import DomainError
from panal.core.middleware import answers_bad_input
from panal.registry import selectors as registry_selectors
from panal.territory.selectors import communes

from . import documents, selectors, services
from .forms import BrowseForm, FollowUpForm, JoinForm, RequestForm
from .models import AgendaStatus


def _rueda(pk: int):
    rueda = selectors.get_rueda(pk)
    if rueda is None:
        raise Http404(f"No existe la rueda número {pk}.")
    return rueda


def _participant(request, rueda):
    participant = selectors.participant_for(request.user, rueda)
    if participant is None:
        raise PermissionDenied("Esta página es para participantes de la rueda: inscríbase primero.")
    return participant


@require_GET
def rueda_list(request):
    return render(
        request,
        "networks/list.html",
        {"ruedas": selectors.ruedas(), "to_configure": selectors.activities_to_configure(request.user)},
    )


def _join_form(request, rueda, data=None):
    person = registry_selectors.person_for_user(request.user)
    enterprises = registry_selectors.enterprises_represented_by(person) if person else []
    return JoinForm(data, enterprises=enterprises, slots=selectors.slots(rueda)), person


@require_http_methods(["GET", "POST"])
def rueda_detail(request, pk: int):
    rueda = _rueda(pk)
    participant = selectors.participant_for(request.user, rueda)
    form = person = None
    if request.user.is_authenticated and participant is None:
        form, person = _join_form(request, rueda, request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            try:
                participant = services.join_rueda(
                    user=request.user,
                    rueda_id=rueda.pk,
                    enterprise_id=form.cleaned_data["enterprise"],
                    role=form.cleaned_data["role"],
                    sectors=form.cleaned_data["sectors"],
                    offer=form.cleaned_data["offer"],
                    need=form.cleaned_data["need"],
                    available_slots=form.cleaned_data["available_slots"],
                    max_meetings=form.cleaned_data["max_meetings"],
                )
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                notices.record_shown(key="ruedas", obj=participant)  # the version of the notice the form showed
                messages.success(request, "Quedó inscrito/a en la rueda. Ahora puede solicitar reuniones.")
                return redirect("networks:participants", pk=rueda.pk)
    elif request.method == "POST":
        return redirect("networks:detail", pk=rueda.pk)
    return render(
        request,
        "networks/detail.html",
        {
            "rueda": rueda,
            "participant": participant,
            "form": form,
            "person": person,
            "slots": selectors.slots(rueda),
            "can_manage": request.user.is_authenticated and selectors.can_manage(request.user, rueda),
        },
    )


@login_required
@require_GET
def participants(request, pk: int):

    rueda = _rueda(pk)
    viewer = _participant(request, rueda)
    form = BrowseForm(request.GET or None, communes=communes(region=settings.PANAL_REGION))
    filters = form.cleaned_data if form.is_valid() else {}
    people = selectors.browse(rueda, viewer=viewer, **{k: v or "" for k, v in filters.items()})
    asked = {r.receiver_id for r in selectors.requests_of(viewer)["sent"]}
    return render(
        request,
        "networks/participants.html",
        {
            "rueda": rueda,
            "viewer": viewer,
            "form": form,
            "people": people,
            "asked": asked,
            "suggestions": selectors.suggestions(viewer),
            "request_form": RequestForm(),
        },
    )


@answers_bad_input  # redirects back with a message (core.middleware)
@login_required
@require_POST
def request_meeting(request, pk: int, participant_id: int):
    rueda = _rueda(pk)
    viewer = _participant(request, rueda)
    form = RequestForm(request.POST)
    message = form.cleaned_data["message"] if form.is_valid() else ""
    if not form.is_valid():
        messages.error(request, "El mensaje admite hasta 1.000 caracteres.")
        return redirect("networks:participants", pk=rueda.pk)
    try:
        sent = services.request_meeting(requester=viewer, receiver_id=participant_id, message=message)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        if sent.status == "accepted":
            messages.success(
                request, f"{sent.receiver.name} ya le había pedido una reunión: quedó aceptada para ambos."
            )
        else:
            messages.success(request, f"Solicitud enviada a {sent.receiver.name}.")
    return redirect("networks:participants", pk=rueda.pk)


@login_required
@require_GET
def requests_page(request, pk: int):
    rueda = _rueda(pk)
    viewer = _participant(request, rueda)
    return render(
        request, "networks/requests.html", {"rueda": rueda, "viewer": viewer, **selectors.requests_of(viewer)}
    )


@answers_bad_input  # redirects back with a message (core.middleware)
@login_required
@require_POST
def respond(request, pk: int, request_id: int):
    rueda = _rueda(pk)
    viewer = _participant(request, rueda)
    accept = request.POST.get("answer") == "accept"
    try:
        answered = services.respond_to_request(receiver=viewer, request_id=request_id, accept=accept)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        word = "aceptó" if accept else "rechazó"
        messages.success(request, f"Usted {word} la reunión con {answered.requester.name}.")
    return redirect("networks:requests", pk=rueda.pk)


@login_required
@require_GET
def agenda(request, pk: int):
    rueda = _rueda(pk)
    viewer = _participant(request, rueda)
    visible = rueda.agenda_status != AgendaStatus.NONE
    return render(
        request,
        "networks/agenda.html",
        {
            "rueda": rueda,
            "viewer": viewer,
            "meetings": selectors.agenda_of(viewer) if visible else [],
            "visible": visible,
        },
    )


@login_required
@require_GET
def agenda_file(request, pk: int, fmt: str):
    rueda = _rueda(pk)
    viewer = _participant(request, rueda)
    if rueda.agenda_status == AgendaStatus.NONE:
        raise Http404("La agenda todavía no está calculada.")
    if fmt == "pdf":
        response = HttpResponse(documents.agenda_pdf(viewer), content_type="application/pdf")
    elif fmt == "ics":
        response = HttpResponse(documents.agenda_ics(viewer), content_type="text/calendar; charset=utf-8")
    else:
        raise Http404("Formato desconocido.")
    response["Content-Disposition"] = f'attachment; filename="agenda-rueda-{rueda.pk}.{fmt}"'
    return response


@answers_bad_input  # redirects back with a message (core.middleware)
@login_required
@require_http_methods(["GET", "POST"])
def follow_up(request, pk: int):
    rueda = _rueda(pk)
    viewer = _participant(request, rueda)
    if request.method == "POST":
        form = FollowUpForm(request.POST)
        try:
            item_id = int(request.POST.get("follow_up", ""))
        except ValueError:
            item_id = 0
        if form.is_valid():
            try:
                services.answer_follow_up(participant=viewer, follow_up_id=item_id, **form.cleaned_data)
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, "Gracias: su respuesta quedó registrada.")
        else:
            messages.error(request, "Revise el monto: en pesos, sin puntos ni decimales.")
        return redirect(reverse("networks:follow_up", args=[rueda.pk]))
    return render(
        request,
        "networks/follow_up.html",
        {"rueda": rueda, "viewer": viewer, "items": selectors.due_follow_ups(viewer), "form": FollowUpForm()},
    )
