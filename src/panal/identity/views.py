"""ClaveÚnica pages: the entry with the official button, the start (new state), the callback, the logout transit."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from panal.core.errors import DomainError
from panal.registry.services import PENDING_MERGE

from . import claveunica, services
from .claveunica import ClaveUnicaError

SESSION_FLAG = "claveunica_login"


def _client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def _safe_next(request, value: str) -> str:
    if value and url_has_allowed_host_and_scheme(value, allowed_hosts={request.get_host()}):
        return value
    return ""


def _enabled() -> bool:
    return settings.CLAVEUNICA_MODE in ("mock", "live")


@require_GET
def entry(request):
    """/cuenta/claveunica/: what ClaveÚnica is, and the official button."""
    return render(
        request,
        "identity/entry.html",
        {
            "enabled": _enabled(),
            "mock": settings.CLAVEUNICA_MODE == "mock",
            "next": _safe_next(request, request.GET.get("next", "")),
        },
    )


@require_GET
def start(request):
    if not _enabled():
        return _failure(
            request, ClaveUnicaError("refused", "El ingreso con ClaveÚnica no está habilitado.", status=404)
        )
    return redirect(claveunica.begin(request, next_url=_safe_next(request, request.GET.get("next", ""))))


def _failure(request, error: ClaveUnicaError, *, state: str = ""):
    services.record_attempt(
        result=error.code, state_hash=claveunica.state_hash(state), ip=_client_ip(request), detail=error.message
    )
    return render(request, "identity/error.html", {"message": error.message}, status=error.status)


@require_GET
def callback(request):
    state = request.GET.get("state", "")[:200]
    try:
        pending = claveunica.take_state(request, state)
        if request.GET.get("error"):
            raise ClaveUnicaError("provider_error", "Se canceló el ingreso con ClaveÚnica o ClaveÚnica lo rechazó.")
        code = request.GET.get("code", "")[:1000]
        if not code:
            raise ClaveUnicaError("provider_error", "La respuesta de ClaveÚnica no trae el código de autorización.")
        token = claveunica.exchange_code(request, code=code, state=state)
        identity = claveunica.parse_identity(claveunica.fetch_userinfo(request, access_token=token))
        current = request.user if request.user.is_authenticated else None
        try:
            user, person, status = services.account_for_identity(identity=identity, current_user=current)
        except DomainError as exc:
            raise ClaveUnicaError("refused", exc.message, status=409) from None
    except ClaveUnicaError as error:
        return _failure(request, error, state=state)
    services.record_attempt(
        result="ok", state_hash=claveunica.state_hash(state), ip=_client_ip(request), run=identity.rut, detail=status
    )
    login(request, user, backend="panal.core.backends.EmailBackend")  # the configured one, or the session is void
    request.session[SESSION_FLAG] = True
    if status == PENDING_MERGE:
        messages.info(
            request,
            "ClaveÚnica confirmó su RUN. Su ficha ya tiene postulaciones, así que el equipo la unirá a mano con el "
            "registro; mientras tanto sus datos siguen como están.",
        )
    return redirect(pending.get("next") or reverse("registry:my_data"))


@require_POST
def logout_view(request):
    """End Panal's session, then ClaveÚnica's through a transit page (its logout answers 204 without a Location,
    so a plain redirect would leave the browser here): the page navigates there, then home."""
    via_claveunica = bool(request.session.get(SESSION_FLAG))
    logout(request)
    if not via_claveunica or not _enabled():
        return redirect("pages:home")
    return render(request, "identity/logout.html", {"logout_url": claveunica.logout_url(request)})
