from django.contrib.auth import get_user_model, login
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlsafe_base64_decode
from django.views.decorators.http import require_GET

from .errors import DomainError
from .forms import SignupForm
from .services import activate_account, request_signup
from .uploads import attachment_response


def _after_signup(request) -> str:
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    try:
        return reverse("registry:my_data")  # the next step: who you are, so Panal can tell what you can apply to
    except NoReverseMatch:
        return reverse("pages:home")


def signup(request):
    """Anyone can open an applicant account with an email and a password. The answer is the same whether the address
    already has an account or not (an e-mail tells its owner which): the page is not an oracle of who uses Panal."""
    if request.user.is_authenticated:
        return redirect(_after_signup(request))
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            request_signup(email=form.cleaned_data["email"], password=form.cleaned_data["password1"])
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            return redirect("accounts:signup_sent")
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/signup.html", {"form": form, "next": request.GET.get("next", "")}, status=status)


@require_GET
def signup_sent(request):
    return render(request, "accounts/signup_sent.html")


@require_GET
def activate(request, uidb64: str, token: str):
    """The link of the activation e-mail: it proves the mailbox, activates the account and logs in (once)."""

    try:
        pk = int(urlsafe_base64_decode(uidb64).decode())
    except (ValueError, UnicodeDecodeError):
        pk = None
    user = get_user_model().objects.filter(pk=pk).first() if pk else None
    if user is None or user.is_active or not default_token_generator.check_token(user, token):
        return render(request, "accounts/activation_invalid.html", status=400)
    activate_account(user=user)
    login(request, user, backend="panal.core.backends.EmailBackend")
    return redirect(_after_signup(request))


@require_GET
def media_download(request, name: str):
    """Development only (settings.DEBUG): an uploaded file, always as an attachment (see core.uploads)."""

    try:
        if not default_storage.exists(name):
            raise Http404("No existe ese archivo.")
        handle = default_storage.open(name, "rb")
    except SuspiciousFileOperation:
        raise Http404("No existe ese archivo.") from None
    return attachment_response(handle, filename=name)


def page_not_found(request, exception=None):
    """The 404 page in Spanish. It repeats the reason only when our own code gave one (`Http404("No existe …")`);
    Django's own (an unmatched address, `get_object_or_404`) are English internals and never shown."""
    message = ""
    if type(exception) is Http404 and exception.args and isinstance(exception.args[0], str):
        text = exception.args[0]
        if not text.endswith("matches the given query."):
            message = text
    return render(request, "404.html", {"message": message}, status=404)
