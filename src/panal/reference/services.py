"""Writes of reference data: UF values from files or the mindicador.cl JSON shape."""

import json
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.db import transaction

from panal.core.dates import SANTIAGO
from panal.core.errors import DomainError

from .models import UFValue


def _parse_day(text: str) -> date:
    """mindicador.cl gives the Chilean day as UTC midnight-ish (`2024-12-31T03:00:00.000Z`)."""
    text = str(text).strip()
    if len(text) == 10:
        return date.fromisoformat(text)
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        return moment.date()
    return moment.astimezone(SANTIAGO).date()


def parse_mindicador_uf(payload: bytes | str) -> dict[date, Decimal]:
    """Read `{"codigo": "uf", "serie": [{"fecha": ..., "valor": ...}, ...]}`. Raises DomainError, never half."""
    try:
        data = json.loads(payload)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise DomainError(f"El archivo de la UF no es un JSON válido ({exc}).") from None
    if not isinstance(data, dict) or not isinstance(data.get("serie"), list):
        raise DomainError("El JSON de la UF no tiene la forma de mindicador.cl: falta la lista «serie».")
    code = data.get("codigo")
    if code is not None and str(code).lower() != "uf":
        raise DomainError(f"El JSON trae el indicador «{code}», no la UF.")
    values: dict[date, Decimal] = {}
    for position, item in enumerate(data["serie"], start=1):
        if not isinstance(item, dict) or "fecha" not in item or "valor" not in item:
            raise DomainError(f"El elemento {position} de «serie» no tiene «fecha» y «valor».")
        try:
            day = _parse_day(item["fecha"])
        except (TypeError, ValueError):
            raise DomainError(
                f"El elemento {position} de «serie» tiene una fecha ilegible: «{item['fecha']}»."
            ) from None
        try:
            value = Decimal(str(item["valor"])).quantize(Decimal("0.01"))
        except (InvalidOperation, TypeError):
            raise DomainError(
                f"El elemento {position} de «serie» tiene un valor ilegible: «{item['valor']}»."
            ) from None
        if not value.is_finite() or value <= 0:
            raise DomainError(f"El elemento {position} de «serie» tiene un valor no positivo: «{item['valor']}».")
        values[day] = value
    if not values:
        raise DomainError("El JSON de la UF no trae ningún valor.")
    return values


@transaction.atomic
def upsert_uf_values(*, values: dict[date, Decimal]) -> dict[str, int]:
    """Insert new days and correct changed ones; returns counts of created, updated and unchanged days."""
    existing = dict(UFValue.objects.filter(date__in=list(values)).values_list("date", "value"))
    created = [UFValue(date=d, value=v) for d, v in values.items() if d not in existing]
    changed = [UFValue(date=d, value=v) for d, v in values.items() if d in existing and existing[d] != v]
    UFValue.objects.bulk_create(created, batch_size=1000)
    if changed:
        UFValue.objects.bulk_update(changed, ["value"], batch_size=1000)
    return {
        "created": len(created),
        "updated": len(changed),
        "unchanged": len(values) - len(created) - len(changed),
    }
