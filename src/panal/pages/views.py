"""The pages that tie the apps together (home, sources): they sit on top of the layers so `core` needs none."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from panal.core import roles
from panal.core.hooks import app_hooks
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


@login_required
@require_GET
def my_work(request):
    """Each back-office role's home: every app adds the queue it owns (its `work.work_for`)."""
    if not any(roles.has_role(request.user, role) for role in roles.STAFF_ROLES):
        return redirect("pages:home")
    sections = [section for _label, work_for in app_hooks("work", "work_for") for section in work_for(request.user)]
    return render(request, "pages/my_work.html", {"sections": sections})
