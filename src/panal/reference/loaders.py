"""Loads SII activity codes and daily UF values from src/panal/data (idempotent)."""

import csv
from datetime import date
from decimal import Decimal

from django.db import transaction

from panal.data import DATA_DIR

from . import services
from .models import EconomicActivity, UFValue


@transaction.atomic
def load_reference() -> str:
    with (DATA_DIR / "sii-actividades" / "sii_actividades_economicas.csv").open(encoding="utf-8", newline="") as f:
        activities = [
            EconomicActivity(
                code=row["codigo"].strip(),
                name=row["actividad"].strip(),
                subsector_id=int(row["subrubro_id"]),
                subsector=row["subrubro"].strip(),
                sector_id=int(row["rubro_id"]),
                sector=row["rubro"].strip(),
            )
            for row in csv.DictReader(f)
        ]
    EconomicActivity.objects.bulk_create(
        activities,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["name", "subsector_id", "subsector", "sector_id", "sector"],
        batch_size=500,
    )
    with (DATA_DIR / "uf" / "uf.csv").open(encoding="utf-8", newline="") as f:
        values = {
            date.fromisoformat(r["fecha"]): Decimal(r["valor"]).quantize(Decimal("0.01")) for r in csv.DictReader(f)
        }
    counts = services.upsert_uf_values(values=values)
    return (
        f"{EconomicActivity.objects.count()} actividades SII; UF: {UFValue.objects.count()} días "
        f"({counts['created']} nuevos, {counts['updated']} corregidos)."
    )
