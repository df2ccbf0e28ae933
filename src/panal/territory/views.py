import functools

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from panal.core.hooks import app_hooks
from panal.core.pagecache import combined_version, for_visitors

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


@functools.cache
def _commune_links_versions():
    """What the commune page's sections are drawn from: each app's data version (`core.pagecache.table_version`),
    read together in one statement."""
    return combined_version(*(version for _label, version in app_hooks("commune_links", "version")))


def _commune_links_version() -> tuple:
    return _commune_links_versions()()


@require_GET
@for_visitors(seconds=60, version=_commune_links_version)  # what is open or upcoming may lag a minute at most
def commune_detail(request, code: str):
    commune = selectors.get_commune(code)
    if commune is None:
        raise Http404(f"No existe la comuna con código «{code}».")
    # The apps above territory say what they have in the commune: open calls, projects, activities (core.hooks).
    sections = [
        section
        for _label, sections_for in app_hooks("commune_links", "sections_for_commune")
        for section in sections_for(commune)
    ]
    return render(request, "territory/commune.html", {"commune": commune, "sections": sections})
