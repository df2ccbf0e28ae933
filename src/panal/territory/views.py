from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import selectors


@require_GET
def regions(request):
    return render(request, "territory/regions.html", {"regions": selectors.regions()})


@require_GET
def region_detail(request, code: str):
    summary = selectors.region_summary(code)
    if summary is None:
        raise Http404(f"No existe la región con código «{code}».")
    provinces = selectors.provinces_with_communes(code)
    return render(request, "territory/region.html", {"region": summary, "provinces": provinces})


@require_GET
def commune_detail(request, code: str):
    commune = selectors.get_commune(code)
    if commune is None:
        raise Http404(f"No existe la comuna con código «{code}».")
    return render(request, "territory/commune.html", {"commune": commune})
