from datetime import date
from decimal import Decimal

from django.db.models import Max, Min, Q

from .firm_size import SIZE_LABELS, TRAMO_LABELS, firm_size, sii_tramo
from .models import EconomicActivity, UFValue


def uf_on(day: date) -> Decimal | None:
    return UFValue.objects.filter(date=day).values_list("value", flat=True).first()


def uf_range() -> tuple[date | None, date | None]:
    bounds = UFValue.objects.aggregate(first=Min("date"), last=Max("date"))
    return bounds["first"], bounds["last"]


def classify_sales(annual_sales_uf) -> dict:
    size = firm_size(annual_sales_uf)
    tramo = sii_tramo(annual_sales_uf)
    return {
        "size": size,
        "size_label": SIZE_LABELS[size],
        "sii_tramo": tramo,
        "sii_tramo_label": TRAMO_LABELS[tramo],
    }


def search_activities(text: str, limit: int = 50):
    text = (text or "").strip()
    qs = EconomicActivity.objects.order_by("code")
    if text.isdigit():
        return qs.filter(code__startswith=text)[:limit]
    words = text.split()
    condition = Q()
    for word in words:
        condition &= Q(name__icontains=word) | Q(subsector__icontains=word)
    return qs.filter(condition)[:limit]


def get_activity(code: str) -> EconomicActivity | None:
    return EconomicActivity.objects.filter(code=code).first()


def activity_codes() -> set[str]:
    """Every SII activity code, for imports that check many rows at once."""
    return set(EconomicActivity.objects.values_list("code", flat=True))
