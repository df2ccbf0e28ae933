"""Authentication by e-mail under one rule (core.services.canonical_email) for every login: pages, admin, API."""

from django.contrib.auth.backends import ModelBackend

from .services import canonical_email


class EmailBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get("email")
        return super().authenticate(request, username=canonical_email(username), password=password)


def axes_username(request, credentials) -> str:
    """Axes locks out by account: the same rule, or `Ana@x.cl` and `ana@x.cl` would each get their own attempts."""
    return canonical_email((credentials or {}).get("username") or (request.POST.get("username") if request else ""))
