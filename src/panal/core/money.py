"""Money is whole CLP in integers. These helpers parse and show it the Chilean way: `$3.500.000`."""

from decimal import ROUND_HALF_UP, Decimal

from django.db import models

from .limits import MAX_CLP


class ClpField(models.BigIntegerField):
    """An amount of Chilean pesos: whole, never a float."""

    description = "Monto en pesos chilenos (CLP, entero)"


def format_clp(amount: int | None) -> str:
    if amount is None:
        return ""
    if isinstance(amount, float):
        raise TypeError("Los montos en CLP son enteros; no se aceptan floats.")
    amount = int(amount)
    sign = "-" if amount < 0 else ""
    return f"{sign}${abs(amount):,}".replace(",", ".")


def parse_clp(text: str | int) -> int:
    """Read `$3.500.000`, `3500000` or `3.500.000` as 3500000. Raises ValueError in Spanish."""
    if isinstance(text, int):
        if abs(text) > MAX_CLP:
            raise ValueError(f"«{text}» supera el máximo de $1.000.000.000.000.")
        return text
    cleaned = str(text).strip().replace("$", "").replace(" ", "").replace(".", "")
    if cleaned.startswith("-"):
        sign, cleaned = -1, cleaned[1:]
    else:
        sign = 1
    if not cleaned.isdigit():
        raise ValueError(f"«{text}» no es un monto en pesos; escríbalo como 3.500.000.")
    if len(cleaned.lstrip("0")) > 13 or int(cleaned) > MAX_CLP:  # the length first: int() of 5,000 digits is slow
        raise ValueError(f"«{str(text)[:30]}» supera el máximo de $1.000.000.000.000.")
    return sign * int(cleaned)


def uf_to_clp(amount_uf: Decimal, uf_value: Decimal) -> int:
    """Convert UF to whole CLP with the UF value of a named date (the caller chooses the date)."""
    return int((Decimal(amount_uf) * Decimal(uf_value)).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def format_decimal_cl(value: Decimal | int | None, places: int = 2) -> str:
    """`38416.69` → `38.416,69`."""
    if value is None:
        return ""
    q = Decimal(value).quantize(Decimal(1).scaleb(-places)) if places else Decimal(value)
    text = f"{q:,.{places}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")
