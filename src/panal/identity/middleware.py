"""Staff and administrators read personal data of many people: with STAFF_REQUIRE_OTP (on in production) their
session counts only after a TOTP second factor (django-otp). E-mail and password stay their first factor."""

from urllib.parse import urlencode

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect

ALLOWED_PREFIXES = ("/cuenta/segundo-factor/", "/cuenta/salir/", "/cuenta/claveunica/salir/", "/static/")


def needs_second_factor(user) -> bool:
    return (
        settings.STAFF_REQUIRE_OTP
        and getattr(user, "is_authenticated", False)
        and (user.is_staff or user.is_superuser)
        and not user.is_verified()
    )


class StaffSecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if needs_second_factor(getattr(request, "user", None)) and not request.path.startswith(ALLOWED_PREFIXES):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": "Falta verificar el segundo factor de su cuenta."}, status=403)
            return redirect(f"/cuenta/segundo-factor/?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
