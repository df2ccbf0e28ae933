"""Links the call page shows for this app (collected by catalog through core.hooks): published results."""

from django.urls import reverse

from . import selectors


def links_for_call(call) -> list[dict]:
    if selectors.publication_of(call) is None:
        return []
    return [{"label": "Resultados publicados", "url": reverse("applications:results", args=[call.code])}]
