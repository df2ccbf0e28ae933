from django.conf import settings
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

from panal.territory import selectors as territory

from . import roles
from .errors import DomainError
from .forms import SignupForm
from .services import create_account


@require_GET
def home(request):
    region = territory.region_summary(settings.PANAL_REGION)
    return render(request, "core/home.html", {"region": region})


@require_GET
def about(request):
    return render(request, "core/about.html")


@login_required
@require_GET
def my_work(request):
    """Each back-office role's home: every app adds the queue it owns (its `work.work_for`)."""
    from .hooks import app_hooks

    if not any(roles.has_role(request.user, role) for role in roles.STAFF_ROLES):
        return redirect("core:home")
    sections = [section for _label, work_for in app_hooks("work", "work_for") for section in work_for(request.user)]
    return render(request, "core/my_work.html", {"sections": sections})


def _after_signup(request) -> str:
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    try:
        return reverse("registry:my_data")  # the next step: who you are, so Panal can tell what you can apply to
    except NoReverseMatch:
        return reverse("core:home")


def signup(request):
    """Anyone can open an applicant account with an email and a password."""
    if request.user.is_authenticated:
        return redirect(_after_signup(request))
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user, _ = create_account(
                email=form.cleaned_data["email"], role=roles.APPLICANT, password=form.cleaned_data["password1"]
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect(_after_signup(request))
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/signup.html", {"form": form, "next": request.GET.get("next", "")}, status=status)
