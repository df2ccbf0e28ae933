"""Money is whole CLP in integers. These helpers parse and show it the Chilean way: `$3.500.000`."""

from decimal import ROUND_HALF_UP, Decimal

from django.db import models

from .errors import DomainError
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


def clean_clp(value, field: str, *, allow_zero: bool = False, label: str = "El monto") -> int:
    """A whole, positive amount of pesos (int, or text such as `3.500.000`); anything else is refused."""
    if isinstance(value, bool) or value is None or value == "":
        raise DomainError(f"{label} es obligatorio.", field=field)
    if isinstance(value, float) or (isinstance(value, Decimal) and value != value.to_integral_value()):
        raise DomainError(f"{label} debe ser un número entero de pesos, sin decimales.", field=field)
    if isinstance(value, Decimal):
        value = int(value)
    if isinstance(value, str):
        text = value.strip()
        if "," in text:
            raise DomainError(f"{label} debe ser un número entero de pesos, sin decimales.", field=field)
        if not text.isascii():  # int() would read other scripts' digits ("３") as numbers
            raise DomainError(f"{label} debe escribirse con cifras 0 a 9, como 3.500.000.", field=field)
        try:
            value = parse_clp(text)
        except ValueError as exc:
            raise DomainError(
                f"{label} «{value}» no es un monto en pesos; escríbalo como 3.500.000.", field=field
            ) from exc
    if not isinstance(value, int):
        raise DomainError(f"{label} debe ser un número entero de pesos.", field=field)
    if value < 0 or (value == 0 and not allow_zero):
        raise DomainError(f"{label} debe ser mayor que cero.", field=field)
    return value
