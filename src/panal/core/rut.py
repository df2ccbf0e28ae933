"""RUT (Rol Único Tributario): validation with python-stdnum, one canonical stored form `12345678-5`."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from stdnum.cl import rut as stdnum_rut
from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength
from stdnum.exceptions import ValidationError as StdnumError

RUT_MAX_LENGTH = 10  # 8 digits, hyphen, check digit


class InvalidRut(ValueError):
    """A RUT that is not valid; its message is in Spanish."""


def normalize_rut(value: str) -> str:
    """Return the canonical form `12345678-5` (upper-case K) or raise InvalidRut with a Spanish message."""
    raw = str(value or "").strip()
    if not raw:
        raise InvalidRut("El RUT está vacío.")
    try:
        compact = stdnum_rut.validate(raw)
    except InvalidChecksum:
        raise InvalidRut(f"El RUT «{raw}» tiene un dígito verificador incorrecto.") from None
    except (InvalidFormat, InvalidLength):
        raise InvalidRut(f"El RUT «{raw}» no tiene un formato válido; escríbalo como 12.345.678-5.") from None
    except StdnumError:
        raise InvalidRut(f"El RUT «{raw}» no es válido.") from None
    body, check = compact[:-1].lstrip("0"), compact[-1]
    if not body:
        raise InvalidRut(f"El RUT «{raw}» no es válido.")
    return f"{body}-{check}"


def format_rut(value: str | None) -> str:
    """Show a canonical RUT as users write it: `12.345.678-5`. Anything unparsable is returned unchanged."""
    if not value:
        return ""
    try:
        canonical = normalize_rut(value)
    except InvalidRut:
        return str(value)
    body, check = canonical.split("-")
    return f"{int(body):,}".replace(",", ".") + f"-{check}"


def mask_rut(value: str | None) -> str:
    """A RUT for lists where staff do not need all of it: `12.345.***-*` (the reveal is audited where offered)."""
    shown = format_rut(value)
    if "-" not in shown:
        return shown
    body = shown.split("-")[0]
    head, _, _ = body.rpartition(".")
    return f"{head}.***-*" if head else "***-*"


def is_valid_rut(value: str) -> bool:
    try:
        normalize_rut(value)
    except InvalidRut:
        return False
    return True


def validate_rut(value: str) -> None:
    try:
        normalize_rut(value)
    except InvalidRut as exc:
        raise ValidationError(str(exc), code="invalid_rut") from None


class RutFormField(forms.CharField):
    """Accepts `12.345.678-5`, `12345678-5` or `123456785`; cleans to `12345678-5`."""

    default_error_messages = {"required": "Ingrese el RUT."}

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 14)
        kwargs.setdefault("help_text", "Por ejemplo: 12.345.678-5")
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return value
        try:
            return normalize_rut(value)
        except InvalidRut as exc:
            raise ValidationError(str(exc), code="invalid_rut") from None

    def prepare_value(self, value):
        return format_rut(value) if value else value


class RutField(models.CharField):
    """Model field storing a RUT in canonical form; whatever is assigned is normalised on save."""

    description = "RUT chileno"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", RUT_MAX_LENGTH)
        kwargs.setdefault("verbose_name", "RUT")
        super().__init__(*args, **kwargs)
        self.validators.append(validate_rut)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if kwargs.get("max_length") == RUT_MAX_LENGTH:
            del kwargs["max_length"]
        if kwargs.get("verbose_name") == "RUT":
            del kwargs["verbose_name"]
        return name, path, args, kwargs

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value in (None, ""):
            return value
        try:
            return normalize_rut(value)
        except InvalidRut:
            return value  # model validation reports it in Spanish; never silently rewrite junk

    def formfield(self, **kwargs):
        kwargs.setdefault("form_class", RutFormField)
        return super().formfield(**kwargs)
