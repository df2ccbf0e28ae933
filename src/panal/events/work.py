"""What an organiser finds in "Mi trabajo" and in the header (collected by core, like `loaders`)."""

from django.urls import reverse
from django.utils import timezone

from . import selectors


def header_links(user) -> list[dict]:
    if not selectors.can_use_back_office(user):
        return []
    return [{"label": "Actividades de la Semana", "url": reverse("events:manage")}]


def work_for(user) -> list[dict]:
    if not selectors.can_use_back_office(user):
        return []
    upcoming = selectors.manageable_activities(user).filter(ends_at__gte=timezone.now())
    items = [{"label": "Actividades por realizar", "count": upcoming.count(), "url": reverse("events:manage")}]
    return [{"title": "Semana de las MiPymes", "items": items}]
