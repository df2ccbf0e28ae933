"""Firm size by Ley 20.416 (art. 2) and the SII's 13 sales brackets, from annual net sales in UF."""

from decimal import Decimal
from typing import NamedTuple

MICRO, SMALL, MEDIUM, LARGE = "micro", "pequena", "mediana", "grande"
SIZE_LABELS = {MICRO: "Micro", SMALL: "Pequeña", MEDIUM: "Mediana", LARGE: "Grande"}

# Upper bound (inclusive) in UF of each size, Ley 20.416 art. 2.
SIZE_LIMITS_UF = ((Decimal(2_400), MICRO), (Decimal(25_000), SMALL), (Decimal(100_000), MEDIUM))


class Bracket(NamedTuple):
    tramo: int
    label: str
    upper_uf: Decimal | None  # inclusive; None = no upper bound


# SII "tramos de ventas": tramo 1 means no sales / no information.
SII_BRACKETS = (
    Bracket(2, "Micro 1", Decimal(200)),
    Bracket(3, "Micro 2", Decimal(600)),
    Bracket(4, "Micro 3", Decimal(2_400)),
    Bracket(5, "Pequeña 1", Decimal(5_000)),
    Bracket(6, "Pequeña 2", Decimal(10_000)),
    Bracket(7, "Pequeña 3", Decimal(25_000)),
    Bracket(8, "Mediana 1", Decimal(50_000)),
    Bracket(9, "Mediana 2", Decimal(100_000)),
    Bracket(10, "Grande 1", Decimal(200_000)),
    Bracket(11, "Grande 2", Decimal(600_000)),
    Bracket(12, "Grande 3", Decimal(1_000_000)),
    Bracket(13, "Grande 4", None),
)
TRAMO_LABELS = {1: "Sin ventas / sin información", **{b.tramo: b.label for b in SII_BRACKETS}}


def _as_decimal(annual_sales_uf) -> Decimal:
    value = Decimal(str(annual_sales_uf))
    if not value.is_finite():
        raise ValueError("Las ventas anuales deben ser un número.")
    if value < 0:
        raise ValueError("Las ventas anuales no pueden ser negativas.")
    return value


def firm_size(annual_sales_uf) -> str:
    """`micro` ≤ 2,400 UF < `pequena` ≤ 25,000 UF < `mediana` ≤ 100,000 UF < `grande`."""
    value = _as_decimal(annual_sales_uf)
    for limit, size in SIZE_LIMITS_UF:
        if value <= limit:
            return size
    return LARGE


def sii_tramo(annual_sales_uf) -> int:
    """The SII bracket 1..13; 0 UF (no sales) is tramo 1."""
    value = _as_decimal(annual_sales_uf)
    if value == 0:
        return 1
    for bracket in SII_BRACKETS:
        if bracket.upper_uf is None or value <= bracket.upper_uf:
            return bracket.tramo
    raise AssertionError("unreachable: the last bracket has no upper bound")
