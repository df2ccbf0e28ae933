"""The sales question answered three ways: UF, pesos of a stated year (converted with that year's UF, named back to
the person), or one of the SII's sales brackets (tramos). The engine always receives UF."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from panal.core.money import format_clp, format_decimal_cl
from panal.reference.firm_size import SII_BRACKETS, TRAMO_LABELS
from panal.reference.selectors import uf_on, uf_range

MAX_CLP = 10**15


def bracket_choices() -> list[tuple[str, str]]:
    """(tramo, label with its range in UF) for the select."""
    choices = [("1", "Sin ventas")]
    lower = Decimal(0)
    for b in SII_BRACKETS:
        if b.upper_uf is None:
            text = f"{b.label}: más de {format_decimal_cl(lower, 0)} UF"
        else:
            text = f"{b.label}: más de {format_decimal_cl(lower, 0)} y hasta {format_decimal_cl(b.upper_uf, 0)} UF"
        choices.append((str(b.tramo), text))
        lower = b.upper_uf or lower
    return choices


def uf_from_bracket(tramo: str) -> tuple[Decimal | None, str | None, str]:
    """A value inside the bracket (the engine's thresholds sit on bracket limits, so any inner value decides alike)."""
    lower = Decimal(0)
    if tramo == "1":
        return Decimal(0), None, "Tomamos «sin ventas» (0 UF)."
    for b in SII_BRACKETS:
        if str(b.tramo) == tramo:
            value = (lower + b.upper_uf) / 2 if b.upper_uf is not None else lower * Decimal("1.5")
            return value.quantize(Decimal("0.01")), None, f"Tomamos el tramo {TRAMO_LABELS[b.tramo]} del SII."
        lower = b.upper_uf or lower
    return None, "Elija un tramo de la lista.", ""


def uf_from_pesos(amount: str, year: str, *, today: date) -> tuple[Decimal | None, str | None, str]:
    """Pesos sold in `year` → UF with the UF of 31 December of that year (or the last known day of it)."""

    cleaned = (amount or "").strip().replace("$", "").replace(".", "").replace(" ", "")
    if not cleaned.isdigit() or int(cleaned) > MAX_CLP:
        return None, "Escriba las ventas en pesos, sin decimales, por ejemplo 45.000.000.", ""
    if not (year or "").isdigit() or not 1990 <= int(year) <= today.year:
        return None, f"Escriba el año de esas ventas (de 1990 a {today.year}).", ""
    first, last = uf_range()
    day = date(int(year), 12, 31)
    if last is not None and day > last:
        day = last
    if first is None or day.year != int(year) or day < first:
        return None, f"No tenemos el valor de la UF del año {year}; responda en UF o elija un tramo.", ""
    uf = uf_on(day)
    if uf is None:
        return None, f"No tenemos el valor de la UF del {day:%d-%m-%Y}; responda en UF o elija un tramo.", ""
    pesos = int(cleaned)
    value = (Decimal(pesos) / uf).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    note = (
        f"{format_clp(pesos)} vendidos en {year} son {format_decimal_cl(value)} UF "
        f"(UF del {day:%d-%m-%Y}: ${format_decimal_cl(uf)})."
    )
    return value, None, note
