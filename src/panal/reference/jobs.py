"""Scheduled work of the reference data: the daily UF refresh (see panal/schedules.py)."""

import logging
import urllib.error
import urllib.request

from django.conf import settings

from panal.core.jobs import job

from . import services

logger = logging.getLogger(__name__)


@job
def refresh_uf() -> dict:
    """Fetch the UF series and add the new days. Network trouble raises, so the queue retries with backoff; a
    malformed answer changes nothing (upsert validates first)."""
    url = getattr(settings, "PANAL_UF_URL", "https://mindicador.cl/api/uf")
    if not url.startswith(("https://", "http://")):
        raise ValueError(f"PANAL_UF_URL debe comenzar con https:// o http:// ({url})")
    with urllib.request.urlopen(url, timeout=15) as response:  # noqa: S310 (scheme checked)
        payload = response.read()
    return services.upsert_uf_values(values=services.parse_mindicador_uf(payload))
