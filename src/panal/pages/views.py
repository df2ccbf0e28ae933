"""The pages that tie the apps together (home, sources): they sit on top of the layers so `core` needs none."""

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from panal.core.pagecache import for_visitors
from panal.territory import selectors as territory


@require_GET
@for_visitors(seconds=300)  # the region's summary changes with the reference data only
def home(request):
    region = territory.region_summary(settings.PANAL_REGION)
    return render(request, "pages/home.html", {"region": region})


@require_GET
def about(request):
    return render(request, "pages/about.html")


def health(request):
    """`ok` with no database or template work: for load balancers, and the ceiling `make bench-pages` compares to."""
    return HttpResponse("ok", content_type="text/plain")
