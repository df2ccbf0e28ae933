from django.conf import settings
from django.shortcuts import render
from django.views.decorators.http import require_GET

from panal.territory import selectors as territory


@require_GET
def home(request):
    region = territory.region_summary(settings.PANAL_REGION)
    return render(request, "core/home.html", {"region": region})


@require_GET
def about(request):
    return render(request, "core/about.html")
