"""The ClaveÚnica OpenID Connect client (authorization-code flow), as the official integration guide describes it.

- scope exactly `openid run name`; a fresh `state` (43 random URL-safe characters) per login, single use, 10 minutes;
- token and userinfo are called from the server, form-encoded token body, userinfo by POST with the bearer token,
  both with a timeout;
- the identity is `RolUnico.numero` (an integer) + `RolUnico.DV` (a string, may be "K", checked) and the `name`
  arrays, never `sub` (which the guide does not promise to keep).
Endpoints, client id/secret and redirect URIs come from the environment (settings.CLAVEUNICA_*).
"""

import hashlib
import secrets
import time
from dataclasses import dataclass
from urllib.parse import urlencode

import requests
from django.conf import settings
from stdnum.cl import rut as rut_lib

SCOPE = "openid run name"
STATE_TTL_SECONDS = 600
SESSION_KEY = "claveunica_pending"


class ClaveUnicaError(Exception):
    """A failed login; `code` is a LoginAttempt result, `message` the Spanish sentence shown to the person."""

    def __init__(self, code: str, message: str, *, status: int = 400):
        super().__init__(message)
        self.code, self.message, self.status = code, message, status


@dataclass(frozen=True)
class Identity:
    rut: str  # canonical: 12345678-5
    first_names: str
    last_names: str


def endpoint(name: str, request=None) -> str:
    """The URL of `authorize`, `token`, `userinfo` or `logout`. In mock mode: Panal's own fake provider."""
    configured = getattr(settings, f"CLAVEUNICA_{name.upper()}_URL")
    if settings.CLAVEUNICA_MODE == "mock" and request is not None and configured.startswith("/"):
        return request.build_absolute_uri(configured)
    return configured


def redirect_uri(request) -> str:
    return settings.CLAVEUNICA_REDIRECT_URI or request.build_absolute_uri("/cuenta/claveunica/callback/")


def state_hash(state: str) -> str:
    return hashlib.sha256(state.encode()).hexdigest() if state else ""


def begin(request, *, next_url: str = "") -> str:
    """Store a new single-use state in the session and return the authorize URL to send the browser to."""
    state = secrets.token_urlsafe(32)  # 43 characters
    request.session[SESSION_KEY] = {"state": state, "created": time.time(), "next": next_url}
    query = urlencode(
        {
            "client_id": settings.CLAVEUNICA_CLIENT_ID,
            "response_type": "code",
            "scope": SCOPE,
            "redirect_uri": redirect_uri(request),
            "state": state,
        }
    )
    return f"{endpoint('authorize', request)}?{query}"


def take_state(request, received: str | None) -> dict:
    """Check the callback's state against the session's and consume it (whatever the outcome: single use)."""
    pending = request.session.pop(SESSION_KEY, None)
    if not received:
        raise ClaveUnicaError("state_missing", "La respuesta de ClaveÚnica no trae el código de seguridad (state).")
    if not pending or not secrets.compare_digest(str(pending.get("state", "")), received):
        raise ClaveUnicaError(
            "state_invalid", "Este ingreso ya se usó o no partió en Panal. Vuelva a ingresar con ClaveÚnica."
        )
    if time.time() - float(pending.get("created", 0)) > STATE_TTL_SECONDS:
        raise ClaveUnicaError(
            "state_expired", "Pasaron más de 10 minutos desde que inició el ingreso. Vuelva a intentar."
        )
    return pending


def _post(url: str, *, data=None, headers=None, failure: str) -> dict:
    try:
        response = requests.post(url, data=data, headers=headers, timeout=settings.CLAVEUNICA_TIMEOUT)
    except requests.RequestException:
        raise ClaveUnicaError(
            failure, "ClaveÚnica no respondió a tiempo. Intente de nuevo en unos minutos.", status=502
        ) from None
    if response.status_code != 200:
        raise ClaveUnicaError(failure, "ClaveÚnica rechazó el ingreso. Intente de nuevo.", status=502)
    try:
        body = response.json()
    except ValueError:
        raise ClaveUnicaError(failure, "ClaveÚnica respondió algo que Panal no entiende.", status=502) from None
    if not isinstance(body, dict):
        raise ClaveUnicaError(failure, "ClaveÚnica respondió algo que Panal no entiende.", status=502)
    return body


def exchange_code(request, *, code: str, state: str) -> str:
    """POST the code to the token endpoint (form-encoded, as the guide says); return the access token."""
    body = _post(
        endpoint("token", request),
        data={
            "client_id": settings.CLAVEUNICA_CLIENT_ID,
            "client_secret": settings.CLAVEUNICA_CLIENT_SECRET,
            "redirect_uri": redirect_uri(request),
            "grant_type": "authorization_code",
            "code": code,
            "state": state,
        },
        failure="token_failed",
    )
    token = body.get("access_token")
    if not isinstance(token, str) or not token or str(body.get("token_type", "")).lower() != "bearer":
        raise ClaveUnicaError("token_failed", "ClaveÚnica no entregó una autorización válida.", status=502)
    return token


def fetch_userinfo(request, *, access_token: str) -> dict:
    return _post(
        endpoint("userinfo", request),
        headers={"Authorization": f"Bearer {access_token}"},
        failure="userinfo_failed",
    )


def parse_identity(userinfo: dict) -> Identity:
    """RolUnico.numero (int) + DV (str, "K" allowed, checked) and the name arrays; `sub` is ignored on purpose."""
    rol = userinfo.get("RolUnico")
    if not isinstance(rol, dict):
        raise ClaveUnicaError("identity_invalid", "ClaveÚnica no entregó su RUN.", status=502)
    numero, dv = rol.get("numero"), rol.get("DV")
    if isinstance(numero, bool) or not isinstance(numero, int) or not 0 < numero < 100_000_000:
        raise ClaveUnicaError("identity_invalid", "ClaveÚnica entregó un RUN que no es válido.", status=502)
    dv = str(dv or "").strip().upper()
    if len(dv) != 1 or rut_lib.calc_check_digit(str(numero)) != dv:
        raise ClaveUnicaError("identity_invalid", "El dígito verificador del RUN no corresponde.", status=502)
    name = userinfo.get("name") if isinstance(userinfo.get("name"), dict) else {}

    def join(parts) -> str:
        if not isinstance(parts, list):
            return ""
        return " ".join(str(p).strip() for p in parts if isinstance(p, str) and p.strip())[:120]

    first, last = join(name.get("nombres")), join(name.get("apellidos"))
    if not first or not last:
        raise ClaveUnicaError("identity_invalid", "ClaveÚnica no entregó su nombre completo.", status=502)
    return Identity(rut=f"{numero}-{dv}", first_names=first, last_names=last)


def logout_url(request) -> str:
    target = settings.CLAVEUNICA_LOGOUT_REDIRECT_URI or request.build_absolute_uri("/")
    return f"{endpoint('logout', request)}?{urlencode({'redirect': target})}"
