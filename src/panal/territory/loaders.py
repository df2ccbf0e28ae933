"""Loads regions, provinces and communes from src/panal/data/chile-hub (idempotent upserts)."""

import json

from django.db import transaction

from panal.data import DATA_DIR

from .models import Commune, CommuneAlias, Province, Region
from .names import fold_name

SOURCE = DATA_DIR / "chile-hub"

# Spellings seen in agency spreadsheets that neither source file uses.
EXTRA_ALIASES = {
    "06204": ["Marchihue", "Marchigue"],
    "06114": ["Quinta Tilcoco"],
    "06110": ["San Francisco de Mostazal"],
    "06117": ["San Vicente de Tagua Tagua", "San Vicente TT"],
    "05703": ["Llaillay", "Llay Llay"],
    "11101": ["Coihaique"],
    "13303": ["Til Til"],
    "04105": ["Paihuano"],
}


def _region_name(listed: str, official: str) -> str:
    """The INE's official name with the article the region list uses: `Región del Libertador General ...`."""
    for prefix in ("Región del ", "Región de "):
        if listed.startswith(prefix):
            return prefix + official
    return "Región " + official


def _accented(a: str, b: str) -> str:
    """Of two spellings of the same name, keep the one that keeps its accents (Los Álamos over Los Alamos)."""
    if fold_name(a) == fold_name(b) and sum(not c.isascii() for c in b) > sum(not c.isascii() for c in a):
        return b
    return a


@transaction.atomic
def load_reference() -> str:
    regions = json.loads((SOURCE / "regiones.json").read_text(encoding="utf-8"))
    provinces = json.loads((SOURCE / "provincias.json").read_text(encoding="utf-8"))
    communes = json.loads((SOURCE / "comunas.json").read_text(encoding="utf-8"))
    census = {row["codigo_comuna"]: row for row in json.loads((SOURCE / "censo_comunal.json").read_text("utf-8"))}
    abbreviations = {row["codigo_region"]: row.get("abreviatura", "") for row in communes}
    official = {row["codigo_region"]: row["nombre_region"] for row in census.values()}

    Region.objects.bulk_create(
        [
            Region(
                code=row["codigo_region"],
                name=_region_name(row["nombre_region"], official[row["codigo_region"]]),
                short_name=official[row["codigo_region"]],
                abbreviation=abbreviations.get(row["codigo_region"], ""),
            )
            for row in regions
        ],
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["name", "short_name", "abbreviation"],
    )
    Province.objects.bulk_create(
        [
            Province(code=row["codigo_provincia"], region_id=row["codigo_region"], name=row["nombre_provincia"])
            for row in provinces
        ],
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["region", "name"],
    )
    commune_objs, aliases = [], {}
    for row in communes:
        code = row["codigo_comuna"]
        counted = census[code]
        name = _accented(row["nombre_comuna"], counted["nombre_comuna"])
        commune_objs.append(
            Commune(
                code=code,
                province_id=row["codigo_provincia"],
                region_id=row["codigo_region"],
                name=name,
                population=counted["poblacion_censada"],
                males=counted.get("hombres"),
                females=counted.get("mujeres"),
                latitude=row.get("latitud_cabecera"),
                longitude=row.get("longitud_cabecera"),
            )
        )
        for variant in [row["nombre_comuna"], counted["nombre_comuna"], *EXTRA_ALIASES.get(code, [])]:
            aliases.setdefault(fold_name(variant), code)
    Commune.objects.bulk_create(
        commune_objs,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=[
            "province",
            "region",
            "name",
            "population",
            "males",
            "females",
            "latitude",
            "longitude",
        ],
    )
    CommuneAlias.objects.bulk_create(
        [CommuneAlias(alias=alias, commune_id=code) for alias, code in aliases.items()],
        update_conflicts=True,
        unique_fields=["alias"],
        update_fields=["commune"],
    )
    return (
        f"{Region.objects.count()} regiones, {Province.objects.count()} provincias, "
        f"{Commune.objects.count()} comunas, {CommuneAlias.objects.count()} nombres alternativos."
    )
