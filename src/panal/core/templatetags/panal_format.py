"""Chilean formats for templates: {{ amount|clp }}, {{ rut|rut }}, {{ rut|rut_masked }}, {{ n|miles }} and more."""

from django import template

from panal.core.money import format_clp, format_decimal_cl
from panal.core.rut import format_rut, mask_rut

register = template.Library()


@register.filter
def clp(amount):
    return format_clp(amount)


@register.filter(name="rut")
def rut_filter(value):
    return format_rut(value)


@register.filter
def rut_masked(value):
    return mask_rut(value)


@register.filter
def decimal_cl(value, places=2):
    return format_decimal_cl(value, int(places))


@register.filter
def miles(value):
    """Whole numbers with a dot every three digits: 18480432 → 18.480.432."""
    if value is None or value == "":
        return ""
    return f"{int(value):,}".replace(",", ".")
