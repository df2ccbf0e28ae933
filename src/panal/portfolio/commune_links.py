"""What a commune's page lists from the portfolio (collected by territory through core.hooks): the projects awarded
there, with what the public figures show and never a beneficiary's name."""

from django.urls import reverse
from django.utils.http import urlencode

from panal.core.money import format_clp

from . import selectors

version = selectors.data_version  # a core.pagecache.table_version


def sections_for_commune(commune) -> list[dict]:
    rows, total = selectors.public_projects_in_commune(commune.code)
    items = [
        {
            "label": row["title"],
            "url": reverse("dashboard:project", args=[row["code"]]),
            "detail": f"{row['instrument__name']} · {row['year']} · {format_clp(row['awarded_clp'])} adjudicados",
        }
        for row in rows
    ]
    shown = f" (los {len(rows)} más recientes de {total})" if total > len(rows) else ""
    return [
        {
            "id": "proyectos",
            "title": f"Proyectos adjudicados{shown}",
            "items": items,
            "empty": f"Aún no hay proyectos adjudicados registrados en {commune.name}.",
            "more": {
                "label": f"Todos los proyectos de {commune.name}, con montos",
                "url": reverse("dashboard:rows") + "?" + urlencode({"commune": commune.code}),
            },
        }
    ]
