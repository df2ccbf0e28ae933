from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from panal.core.hooks import app_hooks
from panal.core.pagecache import for_visitors
from panal.territory.selectors import find_commune, get_commune

from . import selectors
from .criteria import APPLICANT_KINDS
from .models import BENEFICIARY_KINDS, FUNDING_SOURCES, OBJECTIVES

STATUS_LABELS = {"open": "Abierta", "upcoming": "Próxima", "closed": "Cerrada"}


@require_GET
@for_visitors(seconds=60, version=selectors.catalog_version)  # a call's status may lag a minute at most
def catalogue(request):
    agencies = list(selectors.agencies().filter(instruments__isnull=False).distinct())
    params = request.GET
    errors, filters = {}, {}
    if code := params.get("institucion", "").strip():
        if code in {a.code for a in agencies} or selectors.get_agency(code):
            filters["agency"] = code
        else:
            errors["institucion"] = "Elija una institución de la lista."
    if objective := params.get("objetivo", "").strip():
        if objective in OBJECTIVES:
            filters["objective"] = objective
        else:
            errors["objetivo"] = "Elija un objetivo de la lista."
    if beneficiary := params.get("para", "").strip():
        if beneficiary in BENEFICIARY_KINDS:
            filters["beneficiary"] = beneficiary
        else:
            errors["para"] = "Elija un tipo de postulante de la lista."
    commune = None
    if commune_text := params.get("comuna", "").strip():
        commune = find_commune(commune_text)
        if commune is None:
            errors["comuna"] = f"No encontramos la comuna «{commune_text}». Escriba su nombre, por ejemplo Pichilemu."
        else:
            filters["commune"] = commune.code
    filters["open_now"] = params.get("abiertas") == "1"
    now = timezone.now()
    rows = [] if errors else selectors.catalogue(**filters, now=now)
    entries = [
        {"instrument": i, "calls": [{"call": c, "status": c.status_at(now)} for c in calls]} for i, calls in rows
    ]
    return render(
        request,
        "catalog/list.html",
        {
            "entries": entries,
            "agencies": agencies,
            "objectives": OBJECTIVES,
            "beneficiaries": BENEFICIARY_KINDS,
            "params": params,
            "commune": commune,
            "errors": errors,
            "status_labels": STATUS_LABELS,
        },
        status=400 if errors else 200,
    )


@require_GET
def instrument_detail(request, code: str):
    instrument = selectors.get_instrument(code)
    if instrument is None:
        raise Http404(f"No existe el instrumento «{code}».")
    now = timezone.now()
    calls = [{"call": c, "status": c.status_at(now)} for c in selectors.calls(instrument_code=code)]
    rules = list(instrument.criteria.all())
    return render(
        request,
        "catalog/instrument.html",
        {
            "instrument": instrument,
            "calls": calls,
            "rules": rules,
            "sources": selectors.instrument_sources(instrument),
            "ref": set(instrument.referential),
            "status_labels": STATUS_LABELS,
        },
    )


@require_GET
def call_detail(request, code: str):
    call = selectors.get_call(code)
    if call is None:
        raise Http404(f"No existe la convocatoria «{code}».")
    focus_places = [p for p in (get_commune(c) for c in call.focus_communes) if p]
    return render(
        request,
        "catalog/call.html",
        {
            "call": call,
            "instrument": call.instrument,
            "status": call.status,
            "status_label": STATUS_LABELS[call.status],
            "rules": selectors.rules_for_call(call),
            "sources": selectors.call_sources(call),
            "ref": set(call.referential),
            "instrument_ref": set(call.instrument.referential),
            "funding_label": FUNDING_SOURCES.get(call.funding_source, call.funding_source),
            "focus_provinces": selectors.province_names(call.focus_provinces) if call.focus_provinces else "",
            "focus_communes": focus_places,
            "kinds": APPLICANT_KINDS,
            # Downstream apps add their links (e.g. published results) through `<app>.call_links`.
            "call_links": [link for _label, links in app_hooks("call_links", "links_for_call") for link in links(call)],
        },
    )
