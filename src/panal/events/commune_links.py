"""What a commune's page lists from the Semana (collected by territory through core.hooks): the activities there
that have not ended yet."""

from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from . import selectors

version = selectors.activities_version  # a core.pagecache.table_version


def sections_for_commune(commune) -> list[dict]:
    items = [
        {
            "label": activity.title,
            "url": reverse("events:activity", args=[activity.pk]),
            "detail": (
                f"{timezone.localtime(activity.starts_at):%d-%m-%Y, %H:%M} · {activity.agency.short_name}"
                + (f" · {activity.venue}" if activity.venue else "")
            ),
        }
        for activity in selectors.upcoming_in_commune(commune.code)
    ]
    return [
        {
            "id": "actividades",
            "title": "Próximas actividades",
            "items": items,
            "empty": f"No hay actividades próximas en {commune.name}.",
            "more": {
                "label": "La agenda de la Semana de las MiPymes",
                "url": reverse("events:agenda") + "?" + urlencode({"comuna": commune.code}),
            },
        }
    ]
