"""Turning raw values (typed in a form, read from a CSV cell, passed by code) into registry values.

Each `clean_*` returns the clean value or raises DomainError with a Spanish message naming the field. Services and
imports share them, so a value refused in one place is refused everywhere with the same words.
"""

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from stdnum.cl import rut as stdnum_rut

from panal.core.dates import parse_date
from panal.core.errors import DomainError
from panal.core.rut import InvalidRut, normalize_rut
from panal.territory.names import fold_name

from .models import COOPERATIVE_CLASSES, LEGAL_FORMS, NATIONALITIES, REPRESENTATION_ROLES, SEXES

_TRUE = {"si", "sí", "s", "true", "verdadero", "1", "x", "yes", "vigente"}
_FALSE = {"no", "n", "false", "falso", "0", "no vigente"}


def _text(value) -> str:
    return "" if value is None else str(value).strip()


_RUT_SHAPE = re.compile(r"(\d{1,3}(?:\.\d{3})+|\d{1,8})-?([0-9kK])")


def clean_rut(value, field: str = "rut") -> str:
    text = _text(value)
    shape = _RUT_SHAPE.fullmatch(text)
    if shape:  # the common case, checked with stdnum's own check digit; anything else gets its precise message below
        body, check = shape.group(1).replace(".", "").lstrip("0"), shape.group(2).upper()
        if body and stdnum_rut.calc_check_digit(body) == check:
            return f"{body}-{check}"
    try:
        return normalize_rut(text)
    except InvalidRut as exc:
        raise DomainError(str(exc), field=field) from None


def clean_required_text(value, field: str, label: str, max_length: int) -> str:
    text = re.sub(r"\s+", " ", _text(value))
    if not text:
        raise DomainError(f"Falta {label}.", field=field)
    if len(text) > max_length:
        raise DomainError(f"{label.capitalize()} es demasiado largo (máximo {max_length} caracteres).", field=field)
    return text


def clean_optional_text(value, field: str, label: str, max_length: int) -> str:
    text = re.sub(r"\s+", " ", _text(value))
    if len(text) > max_length:
        raise DomainError(f"{label.capitalize()} es demasiado largo (máximo {max_length} caracteres).", field=field)
    return text


def clean_email(value, field: str = "email") -> str:
    text = _text(value).lower()
    if not text:
        return ""
    try:
        validate_email(text)
    except ValidationError:
        raise DomainError(f"El correo «{text}» no es válido.", field=field) from None
    return text


def clean_phone(value, field: str = "phone") -> str:
    text = _text(value)
    if not text:
        return ""
    if not re.fullmatch(r"\+?[0-9 ()-]{6,20}", text):
        raise DomainError(
            f"El teléfono «{text}» no es válido; use solo números, por ejemplo +56 9 1234 5678.", field=field
        )
    return text


def clean_date(value, field: str, label: str, *, today: date, allow_future: bool = False) -> date | None:
    """`AAAA-MM-DD` or `DD-MM-AAAA` / `DD/MM/AAAA`, or a date; empty = unknown. Future dates are refused."""
    if value is None or value == "":
        return None
    if not isinstance(value, date):
        text = _text(value)
        try:
            value = parse_date(text)
        except ValueError:
            raise DomainError(
                f"La fecha «{text}» en {label} no es válida; escríbala como AAAA-MM-DD (por ejemplo 2021-03-15).",
                field=field,
            ) from None
    elif isinstance(value, datetime):
        value = value.date()
    if value.year < 1900:
        raise DomainError(f"La fecha {value:%d-%m-%Y} en {label} es anterior a 1900.", field=field)
    if not allow_future and value > today:
        raise DomainError(f"La fecha {value:%d-%m-%Y} en {label} está en el futuro.", field=field)
    return value


def clean_choice(value, field: str, label: str, choices: dict, *, required: bool = False, aliases=None) -> str:
    text = _text(value)
    if not text:
        if required:
            raise DomainError(f"Falta {label}; use uno de: {', '.join(choices)}.", field=field)
        return ""
    key = fold_name(text).replace(" ", "_").replace(".", "").replace("-", "_")
    aliases = aliases or {}
    for candidate in (text, key, aliases.get(key)):
        if candidate in choices:
            return candidate
    for code, name in choices.items():
        if fold_name(name) == fold_name(text):
            return code
    raise DomainError(f"El valor «{text}» no es válido para {label}; use uno de: {', '.join(choices)}.", field=field)


def clean_sex(value, field: str = "sex") -> str:
    aliases = {"f": "F", "m": "M", "x": "X", "femenino": "F", "mujer": "F", "masculino": "M", "hombre": "M"}
    return clean_choice(value, field, "el sexo registral", SEXES, aliases=aliases)


def clean_nationality(value, field: str = "nationality") -> str:
    aliases = {"cl": "CL", "chilena": "CL", "chile": "CL", "chileno": "CL", "extranjero": "extranjera"}
    return clean_choice(value, field, "la nacionalidad", NATIONALITIES, aliases=aliases)


def clean_legal_form(value, field: str = "legal_form") -> str:
    aliases = {
        "persona_natural_con_giro": "persona_natural",
        "pn": "persona_natural",
        "sociedad_anonima": "sa",
        "limitada": "ltda",
        "sociedad_de_responsabilidad_limitada": "ltda",
        "sociedad_por_acciones": "spa",
        "empresa_individual_de_responsabilidad_limitada": "eirl",
        "otro": "otra",
    }
    return clean_choice(value, field, "la forma jurídica", LEGAL_FORMS, aliases=aliases) or "otra"


def clean_cooperative_class(value, field: str = "cooperative_class") -> str:
    aliases = {"ahorro_y_credito": "ahorro_credito", "agricola_": "agricola", "de_trabajo": "trabajo"}
    return clean_choice(value, field, "la clase de cooperativa", COOPERATIVE_CLASSES, required=True, aliases=aliases)


def clean_role(value, field: str = "role") -> str:
    aliases = {"representante": "representante_legal", "socia": "socio", "socio_a": "socio", "gerenta": "gerente"}
    return clean_choice(value, field, "la calidad", REPRESENTATION_ROLES, required=True, aliases=aliases)


def clean_bool(value, field: str, label: str) -> bool | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    text = fold_name(_text(value))
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise DomainError(f"El valor «{value}» en {label} debe ser «sí» o «no».", field=field)


def clean_decimal(value, field: str, label: str, *, places: int = 2) -> Decimal | None:
    """A number ≥ 0; accepts `1234,5`, `1.234,5` and `1234.5`. Empty = unknown."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise DomainError(f"{label.capitalize()} debe ser un número.", field=field)
    if isinstance(value, int | Decimal):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(str(value))
    else:
        text = _text(value).replace(" ", "")
        if "," in text:
            text = text.replace(".", "").replace(",", ".")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise DomainError(f"El valor «{value}» en {label} debe ser un número.", field=field) from None
    if not number.is_finite():
        raise DomainError(f"El valor «{value}» en {label} debe ser un número.", field=field)
    if number < 0:
        raise DomainError(f"{label.capitalize()} no puede ser negativo (valor «{value}»).", field=field)
    return number.quantize(Decimal(1).scaleb(-places))


def clean_int(value, field: str, label: str) -> int | None:
    """A whole number ≥ 0; accepts `1.234` (thousands with dots). Empty = unknown."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise DomainError(f"{label.capitalize()} debe ser un número entero.", field=field)
    if isinstance(value, int):
        number = value
    elif (isinstance(value, str) and value.isascii() and value.isdigit()) or (
        isinstance(value, float) and value.is_integer()
    ):
        number = int(value)
    else:
        text = _text(value).replace(".", "").replace(" ", "")
        if not re.fullmatch(r"-?\d+", text):
            raise DomainError(f"El valor «{value}» en {label} debe ser un número entero.", field=field)
        number = int(text)
    if number < 0:
        raise DomainError(f"{label.capitalize()} no puede ser negativo (valor «{value}»).", field=field)
    return number


def clean_year(value, field: str, *, today: date) -> int:
    year = clean_int(value, field, "el año")
    if year is None:
        raise DomainError("Falta el año.", field=field)
    if year < 1900 or year > today.year:
        raise DomainError(f"El año {year} no es válido: debe estar entre 1900 y {today.year}.", field=field)
    return year
