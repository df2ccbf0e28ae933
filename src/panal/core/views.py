from django.contrib.auth import login
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme

from . import roles
from .errors import DomainError
from .forms import SignupForm
from .services import create_account


def _after_signup(request) -> str:
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    try:
        return reverse("registry:my_data")  # the next step: who you are, so Panal can tell what you can apply to
    except NoReverseMatch:
        return reverse("pages:home")


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


def page_not_found(request, exception=None):
    """The 404 page in Spanish. It repeats the reason only when our own code gave one (`Http404("No existe …")`);
    Django's own (an unmatched address, `get_object_or_404`) are English internals and never shown."""
    message = ""
    if type(exception) is Http404 and exception.args and isinstance(exception.args[0], str):
        text = exception.args[0]
        if not text.endswith("matches the given query."):
            message = text
    return render(request, "404.html", {"message": message}, status=404)
