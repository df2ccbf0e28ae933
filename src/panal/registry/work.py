"""The registry's link in the header for the accounts that may open it (collected by core, like `loaders`)."""

from django.urls import reverse

from . import selectors


def header_links(user) -> list[dict]:
    if not selectors.can_use_back_office(user):
        return []
    return [
        {"label": "Registro", "url": reverse("registry:search")},
        {"label": "Representaciones por verificar", "url": reverse("registry:claims_queue")},
    ]
