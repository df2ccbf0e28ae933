"""What a commune's page lists from the catalogue (collected by territory through core.hooks, territory being the
bottom layer): the calls open now whose territory reaches the commune."""

from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from . import selectors

version = selectors.catalog_version  # a core.pagecache.table_version


def sections_for_commune(commune) -> list[dict]:
    items = [
        {
            "label": call.title,
            "url": reverse("catalog:call", args=[call.code]),
            "detail": f"{call.instrument.name} · cierra el {timezone.localtime(call.closes_at):%d-%m-%Y a las %H:%M}",
        }
        for call in selectors.open_calls_for_commune(commune.code)
    ]
    return [
        {
            "id": "convocatorias",
            "title": "Convocatorias abiertas",
            "items": items,
            "empty": f"Hoy no hay convocatorias abiertas para quienes viven o trabajan en {commune.name}.",
            "more": {
                "label": f"Todos los instrumentos para {commune.name}",
                "url": reverse("catalog:list") + "?" + urlencode({"comuna": commune.code}),
            },
        }
    ]
