"""Organiser back office: activities of one's own agency, attendance lists, check-in, exports."""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from panal.catalog import selectors as catalog_selectors
from panal.core import spreadsheets
from panal.core.errors import DomainError
from panal.territory.selectors import communes

from . import exports, selectors, services
from .forms import ActivityForm, CheckInForm
from .models import Activity


def back_office(view):
    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not selectors.can_use_back_office(request.user):
            raise PermissionDenied("Esta sección es para el equipo de las instituciones organizadoras.")
        return view(request, *args, **kwargs)

    return wrapped


def _managed_activity(request, pk: int) -> Activity:
    activity = selectors.get_activity(pk)
    if activity is None:
        raise Http404(f"No existe la actividad número {pk}.")
    if not selectors.can_manage_activity(request.user, activity):
        raise PermissionDenied("Esta actividad es de otra institución; solo su equipo puede gestionarla.")
    return activity


def _form_kwargs(user):
    allowed = selectors.manageable_agency_ids(user)
    agencies = catalog_selectors.agencies()
    if allowed is not None:
        agencies = agencies.filter(pk__in=allowed)
    return {"agencies": agencies, "communes": communes(region=settings.PANAL_REGION)}


@back_office
@require_GET
def manage(request):
    editions = list(selectors.editions())
    return render(
        request,
        "events/manage.html",
        {"activities": selectors.manageable_activities(request.user), "editions": editions},
    )


def _save_activity(request, form, *, edition=None, activity=None):
    data = {name: form.cleaned_data[name] for name in form.Meta.fields}
    try:
        if activity is None:
            return services.create_activity(actor=request.user, edition=edition, **data)
        return services.update_activity(actor=request.user, activity_id=activity.pk, **data)
    except DomainError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return None


@back_office
@require_http_methods(["GET", "POST"])
def activity_create(request):
    editions = list(selectors.editions())
    edition = next((e for e in editions if e.slug == request.GET.get("edicion")), None)
    edition = edition or selectors.default_edition()
    if edition is None:
        raise Http404("Aún no hay ediciones de la Semana; un administrador debe crear una.")
    form = ActivityForm(request.POST or None, **_form_kwargs(request.user))
    if request.method == "POST" and form.is_valid():
        activity = _save_activity(request, form, edition=edition)
        if activity is not None:
            messages.success(request, f"Se creó la actividad «{activity.title}».")
            return redirect("events:attendance", pk=activity.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "events/activity_form.html", {"form": form, "edition": edition}, status=status)


@back_office
@require_http_methods(["GET", "POST"])
def activity_edit(request, pk: int):
    activity = _managed_activity(request, pk)
    form = ActivityForm(request.POST or None, instance=activity, **_form_kwargs(request.user))
    if request.method == "POST" and form.is_valid():
        saved = _save_activity(request, form, activity=activity)
        if saved is not None:
            messages.success(request, "Se guardaron los cambios.")
            return redirect("events:attendance", pk=activity.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "events/activity_form.html",
        {"form": form, "edition": activity.edition, "activity": activity},
        status=status,
    )


@back_office
@require_http_methods(["GET", "POST"])
def attendance(request, pk: int):
    """The check-in page: scan a QR (camera), type the code, or find the person by name."""
    activity = _managed_activity(request, pk)
    form = CheckInForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                registration, new = services.check_in(
                    activity_id=activity.pk, code=form.cleaned_data["code"], actor=request.user
                )
            except DomainError as exc:
                form.add_error("code", exc.message)
                status = 400
            else:
                if new:
                    messages.success(request, f"Asistencia registrada: {registration.name}.")
                else:
                    messages.info(request, f"{registration.name} ya tenía su asistencia registrada.")
                return redirect(f"{reverse('events:attendance', args=[activity.pk])}?q={request.GET.get('q', '')}")
        else:
            status = 400
    q = request.GET.get("q", "").strip()
    registrations = list(selectors.attendance(activity, q=q or None))
    counts = {
        "confirmed": activity.confirmed_count,
        "waitlisted": activity.waitlisted_count,
        "present": selectors.present_count(activity),
    }
    return render(
        request,
        "events/attendance.html",
        {
            "activity": activity,
            "form": form,
            "registrations": registrations,
            "q": q,
            "counts": counts,
            "closed_reason": selectors.checkin_closed_reason(activity, timezone.now()),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def scan(request, code: str):
    """Where a QR leads: for organiser staff, one button to check the person in."""
    registration = selectors.get_registration(code)
    if registration is None:
        raise Http404("No hay ninguna inscripción con ese código; la persona no está inscrita.")
    activity = registration.activity
    if not selectors.can_manage_activity(request.user, activity):
        raise PermissionDenied("Solo el equipo de la institución organizadora puede registrar asistencia.")
    if request.method == "POST":
        try:
            registration, new = services.check_in(activity_id=activity.pk, code=code, actor=request.user)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            text = "Asistencia registrada" if new else "Ya tenía la asistencia registrada"
            messages.success(request, f"{text}: {registration.name}.")
        return redirect("events:attendance", pk=activity.pk)
    return render(request, "events/scan.html", {"registration": registration, "activity": activity})


@back_office
@require_GET
def attendance_export(request, pk: int, fmt: str):
    activity = _managed_activity(request, pk)
    registrations = selectors.attendance(activity)
    name = f"asistencia-actividad-{activity.pk}"
    if fmt == "csv":
        return spreadsheets.download(exports.attendance_csv(registrations), f"{name}.csv")
    if fmt == "xlsx":
        return spreadsheets.download(exports.attendance_xlsx(registrations, title=activity.title), f"{name}.xlsx")
    raise Http404("Formato desconocido: use csv o xlsx.")
