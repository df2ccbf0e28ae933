"""A local stand-in for ClaveÚnica (CLAVEUNICA_MODE=mock only; 404 otherwise, and refused in production).

It answers like the real provider: authorize shows a page to pick one of the four official test RUNs, token takes
the form-encoded body and returns a bearer token, userinfo (POST, bearer) returns `RolUnico` and `name`, logout
redirects to `redirect`. Codes and tokens are signed (no server state), so any worker can answer any step;
`sub` changes on every login, as nothing may rely on it."""

import secrets
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

# The official test RUNs (password «testing» on the real test environment); names are invented.
TEST_PEOPLE = {
    "44444444-4": {"nombres": ["María", "José"], "apellidos": ["Cuatro", "Prueba"]},
    "55555555-5": {"nombres": ["Juan", "Carlos"], "apellidos": ["Cinco", "Prueba"]},
    "88888888-8": {"nombres": ["Rosa"], "apellidos": ["Ocho", "Prueba"]},
    "99999999-9": {"nombres": ["Pedro", "Pablo"], "apellidos": ["Nueve", "Prueba"]},
}
CODE_SALT, TOKEN_SALT = "panal.claveunica.mock.code", "panal.claveunica.mock.token"
CODE_MAX_AGE = 300  # the real code expires in 5 minutes


def only_in_mock(view):
    """Outermost check: in live or off mode every method of every simulator route is a 404."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if settings.CLAVEUNICA_MODE != "mock":
            raise Http404("No existe.")
        return view(request, *args, **kwargs)

    return wrapped


@only_in_mock
@require_http_methods(["GET", "POST"])
def authorize(request):
    params = request.POST if request.method == "POST" else request.GET
    redirect_uri, state = params.get("redirect_uri", ""), params.get("state", "")
    problems = []
    if params.get("response_type") != "code":
        problems.append("response_type debe ser «code»")
    if params.get("scope") != "openid run name":
        problems.append("scope debe ser exactamente «openid run name»")
    if len(state) < 30:
        problems.append("state debe tener al menos 30 caracteres")
    if not url_has_allowed_host_and_scheme(redirect_uri, allowed_hosts={request.get_host()}):
        problems.append("redirect_uri debe volver a este mismo Panal")
    if problems:
        return render(request, "identity/mock_error.html", {"problems": problems}, status=400)
    if request.method == "POST" and params.get("run") in TEST_PEOPLE:
        code = signing.dumps(
            {"run": params["run"], "client_id": params.get("client_id", ""), "redirect_uri": redirect_uri},
            salt=CODE_SALT,
        )
        return redirect(f"{redirect_uri}?{urlencode({'code': code, 'state': state})}")
    if request.method == "POST" and params.get("cancel"):
        return redirect(f"{redirect_uri}?{urlencode({'error': 'access_denied', 'state': state})}")
    hidden = {k: params.get(k, "") for k in ("client_id", "response_type", "scope", "redirect_uri", "state")}
    return render(request, "identity/mock_authorize.html", {"people": TEST_PEOPLE, "hidden": hidden})


@only_in_mock
@csrf_exempt  # called server to server, like the real endpoint
@require_POST
def token(request):
    if request.POST.get("grant_type") != "authorization_code":
        return JsonResponse({"error": "unsupported_grant_type"}, status=400)
    try:
        claims = signing.loads(request.POST.get("code", ""), salt=CODE_SALT, max_age=CODE_MAX_AGE)
    except signing.BadSignature:
        return JsonResponse({"error": "invalid_grant"}, status=400)
    if claims["redirect_uri"] != request.POST.get("redirect_uri") or claims["client_id"] != request.POST.get(
        "client_id", ""
    ):
        return JsonResponse({"error": "invalid_grant"}, status=400)
    access = signing.dumps({"run": claims["run"], "sub": str(secrets.randbelow(10**7))}, salt=TOKEN_SALT)
    return JsonResponse({"access_token": access, "token_type": "bearer", "expires_in": 3600, "id_token": "mock"})


@only_in_mock
@csrf_exempt
@require_POST
def userinfo(request):
    header = request.headers.get("Authorization", "")
    if not header.startswith("Bearer "):
        return JsonResponse({"error": "invalid_token"}, status=401)
    try:
        claims = signing.loads(header.removeprefix("Bearer "), salt=TOKEN_SALT, max_age=3600)
    except signing.BadSignature:
        return JsonResponse({"error": "invalid_token"}, status=401)
    numero, dv = claims["run"].split("-")
    return JsonResponse(
        {
            "sub": claims["sub"],
            "RolUnico": {"numero": int(numero), "DV": dv, "tipo": "RUN"},
            "name": TEST_PEOPLE[claims["run"]],
        }
    )


@only_in_mock
@require_GET
def logout(request):
    target = request.GET.get("redirect", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return HttpResponse(status=204)
