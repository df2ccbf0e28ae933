"""Public pages of the Semana: agenda, activity, registration, cancellation, iCalendar, certificate check."""

from collections import OrderedDict
from datetime import date
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from panal.catalog.selectors import agencies
from panal.core import notices, ratelimit
from panal.core.errors import DomainError
from panal.territory.selectors import communes

from . import selectors, services
from .certificates import certificate_pdf
from .forms import AgendaFilterForm, RegistrationForm, _day_label
from .ical import absolute, calendar_bytes
from .qr import qr_svg


def _region_communes():
    return communes(region=settings.PANAL_REGION)


def _agencies():
    return agencies()


AGENDA_CACHE_SECONDS = 10


@require_GET
def agenda(request):
    """The public agenda. For visitors without a session, the rendered page is kept for a few seconds (seat counts
    may lag that long; the activity page, where people register, is always live)."""
    anonymous = not request.user.is_authenticated and "messages" not in request.COOKIES
    key = f"events:agenda:{request.get_full_path()}"
    if anonymous:
        cached = cache.get(key)
        if cached is not None:
            return HttpResponse(cached)
    response = _agenda(request)
    if anonymous and response.status_code == 200:
        cache.set(key, response.content, AGENDA_CACHE_SECONDS)
    return response


def _agenda(request):
    all_editions = list(selectors.editions())
    edition = None
    slug = request.GET.get("edicion")
    if slug:
        edition = next((e for e in all_editions if e.slug == slug), None)
        if edition is None:
            raise Http404(f"No existe la edición «{slug}».")
    else:
        edition = selectors.default_edition()
    context = {
        "editions": all_editions,
        "edition": edition,
        "other_editions": [e for e in all_editions if edition is None or e.pk != edition.pk],
    }
    if edition is None:
        return render(request, "events/agenda.html", context)

    in_edition = list(selectors.activities(edition=edition))
    communes = sorted({a.commune for a in in_edition if a.commune_id}, key=lambda c: c.name)
    agencies = sorted({a.agency for a in in_edition}, key=lambda a: a.short_name)
    form = AgendaFilterForm(request.GET or None, edition=edition, communes=communes, agencies=agencies)
    filters = form.cleaned_data if form.is_valid() else {}
    day = date.fromisoformat(filters["dia"]) if filters.get("dia") else None
    q = (filters.get("q") or "").strip()
    rows = [
        a
        for a in in_edition
        if (day is None or timezone.localtime(a.starts_at).date() == day)
        and (not filters.get("comuna") or a.commune_id == filters["comuna"])
        and (not filters.get("tipo") or a.type == filters["tipo"])
        and (not filters.get("organiza") or a.agency.code == filters["organiza"])
        and (not filters.get("objetivo") or a.objective == filters["objetivo"])
        and (not filters.get("publico") or a.audience == filters["publico"])
    ]
    if q:
        matching = set(selectors.activities(edition=edition, q=q).values_list("pk", flat=True))
        rows = [a for a in rows if a.pk in matching]
    view = filters.get("vista") or "dia"
    groups: OrderedDict[str, list] = OrderedDict()
    if view == "comuna":
        for activity in sorted(rows, key=lambda a: (a.commune.name if a.commune_id else "~", a.starts_at)):
            groups.setdefault(activity.commune.name if activity.commune_id else "En línea", []).append(activity)
    else:
        for activity in rows:
            groups.setdefault(_day_label(timezone.localtime(activity.starts_at).date()), []).append(activity)
    for activity in rows:
        activity.seats_left = selectors.seats_left(activity)
    context.update(
        {
            "form": form,
            "groups": groups,
            "count": len(rows),
            "total": len(in_edition),
            "view": view,
            "filtered": any(filters.get(k) for k in ("q", "dia", "comuna", "tipo", "organiza", "objetivo", "publico")),
            "feed_url": absolute(reverse("events:edition_ics", args=[edition.slug])),
        }
    )
    return render(request, "events/agenda.html", context)


def _share_links(activity) -> list[tuple[str, str]]:
    url = absolute(reverse("events:activity", args=[activity.pk]))
    text = f"{activity.title} · Semana de las MiPymes y Cooperativas"
    return [
        ("WhatsApp", f"https://wa.me/?text={quote(text + ' ' + url)}"),
        ("Facebook", f"https://www.facebook.com/sharer/sharer.php?u={quote(url, safe='')}"),
        ("X", f"https://x.com/intent/post?text={quote(text)}&url={quote(url, safe='')}"),
        ("LinkedIn", f"https://www.linkedin.com/sharing/share-offsite/?url={quote(url, safe='')}"),
        ("Correo", f"mailto:?subject={quote(text)}&body={quote(url)}"),
    ]


def _activity_context(activity, form, user):
    now = timezone.now()
    activity.seats_left = selectors.seats_left(activity)
    map_url = None
    commune = activity.commune
    if commune is not None and commune.latitude is not None:
        lat, lon = commune.latitude, commune.longitude
        map_url = f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=14/{lat}/{lon}"
    return {
        "activity": activity,
        "edition": activity.edition,
        "form": form,
        "map_url": map_url,
        "share_links": _share_links(activity),
        "is_past": now >= activity.ends_at,
        "accepts": activity.registration_open and now < activity.ends_at,
        "full": activity.seats_left == 0,
        "can_manage": selectors.can_manage_activity(user, activity) if user.is_authenticated else False,
    }


@require_http_methods(["GET", "POST"])
def activity_detail(request, pk: int):
    activity = selectors.get_activity(pk)
    if activity is None:
        raise Http404(f"No existe la actividad número {pk}.")
    communes = _region_communes()
    form = RegistrationForm(request.POST or None, communes=communes)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            ratelimit.check_registration(request, activity.pk)
        except ratelimit.RateLimited as exc:
            return ratelimit.too_many(request, exc)
        try:
            result = services.register(
                activity_id=activity.pk,
                name=data["name"],
                email=data["email"],
                rut=data["rut"],
                commune=data["commune"],
                organization=data["organization"],
            )
        except DomainError as exc:
            field = exc.field if exc.field in form.fields else None
            form.add_error(field, exc.message)
        else:
            registration = result.registration
            if result.created:
                notices.record_shown(key="semana", obj=registration)  # the version of the notice the form showed
            if not result.created:
                # Never show someone else's registration to whoever typed their e-mail: its link goes to the address.
                messages.info(
                    request,
                    "Ese correo ya estaba inscrito en esta actividad. Le enviamos de nuevo el enlace de su "
                    "inscripción a ese correo; revise su bandeja de entrada.",
                )
                return redirect("events:activity", pk=activity.pk)
            if registration.status == "confirmed":
                messages.success(request, "¡Listo! Su inscripción está confirmada. Le enviamos un correo.")
            else:
                messages.success(
                    request, f"No quedan cupos: quedó en la lista de espera, en el lugar {result.position}."
                )
            return redirect("events:registration", code=registration.code)
    status = 400 if request.method == "POST" else 200
    return render(request, "events/activity.html", _activity_context(activity, form, request.user), status=status)


def _ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_GET
def activity_ics(request, pk: int):
    activity = selectors.get_activity(pk)
    if activity is None:
        raise Http404(f"No existe la actividad número {pk}.")
    return _ics_response(calendar_bytes([activity], name=activity.title), f"actividad-{pk}.ics")


@require_GET
def edition_ics(request, slug: str):
    edition = selectors.get_edition(slug)
    if edition is None:
        raise Http404(f"No existe la edición «{slug}».")
    return _ics_response(calendar_bytes(selectors.activities(edition=edition), name=edition.name), f"{slug}.ics")


def _can_cancel(registration) -> bool:
    return (
        registration.status != "cancelled"
        and registration.checked_in_at is None
        and timezone.now() < registration.activity.ends_at
    )


@require_GET
def registration_detail(request, code: str):
    registration = selectors.get_registration(code)
    if registration is None:
        raise Http404("No existe una inscripción con ese código. Revise el enlace de su correo.")
    activity = registration.activity
    return render(
        request,
        "events/registration.html",
        {
            "registration": registration,
            "activity": activity,
            "position": selectors.waitlist_position(registration),
            "qr": qr_svg(registration) if registration.status == "confirmed" else None,
            "can_cancel": _can_cancel(registration),
        },
    )


@require_http_methods(["GET", "POST"])
def registration_cancel(request, code: str):
    """Cancelling asks first (GET shows what will be lost; only the POST of that page cancels): a link opened by
    mistake, or by a mail scanner, never frees the seat."""
    registration = selectors.get_registration(code)
    if registration is None:
        raise Http404("No existe una inscripción con ese código. Revise el enlace de su correo.")
    if request.method == "POST":
        if request.POST.get("confirmar") != "si":
            messages.error(request, "Confirme que desea cancelar su inscripción.")
            return redirect("events:registration_cancel", code=code)
        try:
            _, changed = services.cancel_registration(code=code)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            if changed:
                messages.success(request, "Su inscripción fue cancelada. Gracias por liberar el cupo.")
        return redirect("events:registration", code=code)
    if not _can_cancel(registration):
        return redirect("events:registration", code=code)
    return render(
        request,
        "events/registration_cancel.html",
        {"registration": registration, "activity": registration.activity},
    )


@require_GET
def registration_certificate(request, code: str):
    registration = selectors.get_registration(code)
    if registration is None:
        raise Http404("No existe una inscripción con ese código.")
    try:
        pdf = certificate_pdf(registration)
    except DomainError as exc:
        raise Http404(exc.message) from None
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificado-{registration.certificate_code}.pdf"'
    return response


@require_GET
def verify(request, code: str | None = None):
    code = code or request.GET.get("codigo", "").strip()
    registration = selectors.get_certificate(code) if code else None
    status = 404 if code and registration is None else 200
    return render(request, "events/verify.html", {"code": code, "registration": registration}, status=status)
