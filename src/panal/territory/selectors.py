"""Reads of the territory that other apps reuse."""

from django.db.models import Count, Sum

from .models import Commune, CommuneAlias, Province, Region
from .names import fold_name


def regions():
    return Region.objects.order_by("code")


def get_region(code: str) -> Region | None:
    return Region.objects.filter(code=code).first()


def region_summary(code: str) -> dict | None:
    region = get_region(code)
    if region is None:
        return None
    totals = Commune.objects.filter(region_id=code).aggregate(population=Sum("population"), communes=Count("code"))
    return {
        "code": region.code,
        "name": region.name,
        "population": totals["population"] or 0,
        "commune_count": totals["communes"],
        "province_count": Province.objects.filter(region_id=code).count(),
    }


def provinces_with_communes(region_code: str):
    return (
        Province.objects.filter(region_id=region_code)
        .prefetch_related("communes")
        .annotate(population=Sum("communes__population"), commune_count=Count("communes"))
        .order_by("code")
    )


def communes(*, region: str | None = None, province: str | None = None):
    qs = Commune.objects.select_related("province", "region").order_by("code")
    if region:
        qs = qs.filter(region_id=region)
    if province:
        qs = qs.filter(province_id=province)
    return qs


def get_commune(code: str) -> Commune | None:
    return Commune.objects.select_related("province", "region").filter(code=code).first()


def find_commune(name_or_code: str) -> Commune | None:
    """A commune by CUT code or by name in any spelling: `Marchihue`, `MARCHIGÜE`, `marchigue`, `06204`."""
    text = str(name_or_code or "").strip()
    if text.isdigit():
        return get_commune(text.zfill(5))
    alias = CommuneAlias.objects.select_related("commune").filter(alias=fold_name(text)).first()
    return alias.commune if alias else None


def commune_name_index() -> dict[str, str]:
    """Folded name → CUT code for every known spelling; for imports that resolve many rows at once."""
    return dict(CommuneAlias.objects.values_list("alias", "commune_id"))


def commune_region_index() -> dict[str, str]:
    """Commune code → region code, for imports that check many rows at once."""
    return dict(Commune.objects.values_list("code", "region_id"))


def communes_for_choice():
    """Every commune with its region, ordered for a select box (region, then name)."""
    return Commune.objects.select_related("region").order_by("region_id", "name")
