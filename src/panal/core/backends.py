"""Authentication by e-mail under one rule (core.services.canonical_email) for every login: pages, admin, API."""

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.http import JsonResponse
from django.shortcuts import render

from .services import canonical_email


class EmailBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get("email")
        return super().authenticate(request, username=canonical_email(username), password=password)


def axes_username(request, credentials) -> str:
    """Axes locks out by account: the same rule, or `Ana@x.cl` and `ana@x.cl` would each get their own attempts."""
    return canonical_email((credentials or {}).get("username") or (request.POST.get("username") if request else ""))


def lockout_response(request, original_response=None, credentials=None):
    """A locked-out account (django-axes) is told so in the shape of the channel it used: JSON with Retry-After on
    the API (as every other API error), the Spanish page elsewhere. Both answer 429."""
    cool_off_seconds = int(settings.AXES_COOLOFF_TIME * 3600)
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {"detail": "Demasiados intentos fallidos con esta cuenta: espere 15 minutos antes de volver a intentar."},
            status=429,
        )
    else:
        context = {"failure_limit": settings.AXES_FAILURE_LIMIT, "cooloff_minutes": cool_off_seconds // 60}
        response = render(request, "accounts/locked_out.html", context, status=429)
    response["Retry-After"] = str(cool_off_seconds)
    return response
