"""The vocabulary of eligibility criteria: which profile fields a condition may test and with which operators.

A criterion is stored as data (models `Criterion` and `Condition`): it holds when ANY of its branches holds, and a
branch holds when ALL its conditions hold. Each condition is `field op value`, the value kept as text the way staff
type it ("18", "F", "RPA, RNA"). This module parses and validates that text; unknown fields, operators or values are
refused with a Spanish message. The engine (`panal.eligibility`) evaluates the parsed form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from panal.core.errors import DomainError
from panal.core.limits import MAX_CLP
from panal.registry.models import COOPERATIVE_CLASSES, NATIONALITIES, REGISTRIES, SEXES  # the registry owns them

APPLICANT_KINDS = {"persona": "Persona natural", "empresa": "Empresa", "cooperativa": "Cooperativa", "grupo": "Grupo"}
CHOICE, TEXT, INT, DECIMAL, BOOL, SET = "choice", "text", "int", "decimal", "bool", "set"

OPERATORS = {
    "eq": "es igual a",
    "ne": "es distinto de",
    "in": "es uno de",
    "not_in": "no es ninguno de",
    "gte": "es mayor o igual a",
    "gt": "es mayor que",
    "lte": "es menor o igual a",
    "lt": "es menor que",
    "contains": "incluye",
    "contains_any": "incluye alguno de",
}
OPERATORS_BY_KIND = {
    CHOICE: ("eq", "ne", "in", "not_in"),
    TEXT: ("eq", "ne", "in", "not_in"),
    INT: ("eq", "gte", "gt", "lte", "lt"),
    DECIMAL: ("eq", "gte", "gt", "lte", "lt"),
    BOOL: ("eq",),
    SET: ("contains", "contains_any"),
}
LIST_OPERATORS = {"in", "not_in", "contains_any"}


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str
    kind: str
    needs: tuple[str, ...]  # profile fields (API request names) it is computed from
    choices: dict | None = None
    pattern: str | None = None  # for TEXT values


FIELDS = {
    spec.name: spec
    for spec in (
        FieldSpec("applicant_kind", "tipo de postulante", CHOICE, ("applicant_kind",), APPLICANT_KINDS),
        FieldSpec("age", "edad (años cumplidos)", INT, ("birth_date",)),
        FieldSpec("sex", "sexo registral", CHOICE, ("sex",), SEXES),
        FieldSpec("nationality", "nacionalidad", CHOICE, ("nationality",), NATIONALITIES),
        FieldSpec("region", "región del domicilio", TEXT, ("commune",), pattern=r"\d{2}"),
        FieldSpec("province", "provincia del domicilio", TEXT, ("commune",), pattern=r"\d{3}"),
        FieldSpec("commune", "comuna del domicilio", TEXT, ("commune",), pattern=r"\d{5}"),
        FieldSpec("has_activity_start", "inicio de actividades en primera categoría", BOOL, ("has_activity_start",)),
        FieldSpec("firm_age_months", "meses desde el inicio de actividades", INT, ("activity_start_date",)),
        FieldSpec("annual_sales_uf", "ventas netas anuales (UF)", DECIMAL, ("annual_sales_uf",)),
        FieldSpec("sales_per_member_uf", "ventas anuales por socio/a (UF)", DECIMAL, ("annual_sales_uf", "members")),
        FieldSpec("activity_code", "código de actividad SII", TEXT, ("activity_code",), pattern=r"\d{5,6}"),
        FieldSpec("cooperative_class", "clase de cooperativa", CHOICE, ("cooperative_class",), COOPERATIVE_CLASSES),
        FieldSpec("members", "número de socios/as o integrantes", INT, ("members",)),
        FieldSpec(
            "member_share_outside_sme_pct",
            "porcentaje de empresas del grupo con ventas fuera de 2.400–100.000 UF",
            DECIMAL,
            ("member_sales_uf",),
        ),
        FieldSpec("project_investment_clp", "inversión total del proyecto (CLP)", INT, ("project_investment_clp",)),
        FieldSpec(
            "has_overdue_debts",
            "deudas laborales, previsionales o tributarias morosas",
            BOOL,
            ("has_overdue_debts",),
        ),
        FieldSpec(
            "in_alimony_debtors_registry",
            "inscripción en el Registro Nacional de Deudores de Pensiones de Alimentos",
            BOOL,
            ("in_alimony_debtors_registry",),
        ),
        FieldSpec(
            "in_emergency_register",
            "inscripción en el catastro oficial de empresas afectadas por la emergencia",
            BOOL,
            ("in_emergency_register",),
        ),
        FieldSpec("in_good_standing", "vigencia (al día ante el registro)", BOOL, ("in_good_standing",)),
        FieldSpec("registries", "registros sectoriales", SET, ("registries",), REGISTRIES),
    )
}


@dataclass(frozen=True)
class Cond:
    """One parsed condition."""

    field: str
    op: str
    value: object  # str | int | Decimal | bool | frozenset


@dataclass(frozen=True)
class Rule:
    """One parsed criterion: holds when any branch holds; a branch holds when all its conditions hold."""

    id: str
    branches: tuple[tuple[Cond, ...], ...]
    pass_message: str
    fail_message: str
    hint: str = ""
    source_url: str = ""
    verified: bool = True
    needs: tuple[str, ...] = field(default=())
    # A condition declared under oath when applying: unknown does not make the result incomplete (see engine).
    declaration: bool = False
    source_note: str = ""  # where the rule comes from when not from this call's bases ("Tarapacá 2025")


_TRUE = {"true", "sí", "si", "1", "verdadero", "yes"}
_FALSE = {"false", "no", "0", "falso"}


def _parse_one(spec: FieldSpec, text: str):
    text = text.strip()
    if spec.kind == INT:
        if not re.fullmatch(r"-?\d{1,13}", text) or abs(int(text)) > MAX_CLP:
            raise DomainError(
                f"El valor «{text[:30]}» para {spec.label} debe ser un número entero de hasta 13 cifras.", field="value"
            )
        return int(text)
    if spec.kind == DECIMAL:
        try:
            value = Decimal(text.replace(",", ".")) if len(text) <= 30 else None
        except InvalidOperation:
            value = None
        if value is None or not value.is_finite() or abs(value) > MAX_CLP or value.as_tuple().exponent < -6:
            raise DomainError(
                f"El valor «{text[:30]}» para {spec.label} debe ser un número de hasta 13 cifras y 6 decimales.",
                field="value",
            )
        return value
    if spec.kind == BOOL:
        lowered = text.lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        raise DomainError(f"El valor «{text}» para {spec.label} debe ser «sí» o «no».", field="value")
    if spec.choices is not None:
        if text not in spec.choices:
            known = ", ".join(spec.choices)
            raise DomainError(f"El valor «{text}» no es válido para {spec.label}; use uno de: {known}.", field="value")
        return text
    if spec.pattern and not re.fullmatch(spec.pattern, text):
        raise DomainError(f"El valor «{text}» no tiene el formato de {spec.label}.", field="value")
    return text


def parse_condition(field_name: str, op: str, value_text) -> Cond:
    """Validate and parse `field op value`; raises DomainError naming the part that is wrong."""
    spec = FIELDS.get(field_name)
    if spec is None:
        raise DomainError(f"El campo «{field_name}» no existe; use uno de: {', '.join(FIELDS)}.", field="field")
    if op not in OPERATORS:
        raise DomainError(f"El operador «{op}» no existe; use uno de: {', '.join(OPERATORS)}.", field="op")
    allowed = OPERATORS_BY_KIND[spec.kind]
    if op not in allowed:
        raise DomainError(
            f"El operador «{op}» no sirve para {spec.label}; use uno de: {', '.join(allowed)}.", field="op"
        )
    text = "" if value_text is None else str(value_text).strip()
    if not text:
        raise DomainError(f"Falta el valor de la condición sobre {spec.label}.", field="value")
    if op in LIST_OPERATORS:
        parts = [p for p in (x.strip() for x in text.split(",")) if p]
        if not parts:
            raise DomainError(f"Falta la lista de valores para {spec.label}.", field="value")
        return Cond(field_name, op, frozenset(_parse_one(spec, p) for p in parts))
    return Cond(field_name, op, _parse_one(spec, text))


def value_to_text(value) -> str:
    """Shipped data (JSON values) → the text form staff edit: `["RPA", "RNA"]` → `RPA, RNA`, `true` → `sí`."""
    if isinstance(value, bool):
        return "sí" if value else "no"
    if isinstance(value, list | tuple | set | frozenset):
        return ", ".join(str(v) for v in value)
    return str(value)


# The size range of hard rule 25 (Red Asociativa / PROFO): small and medium firms by Ley 20.416, both ends included.
SME_SALES_UF = (Decimal(2400), Decimal(100000))


def outside_sme(sales) -> bool:
    low, high = SME_SALES_UF
    return not (low <= Decimal(str(sales)) <= high)


def share_outside_sme(member_sales) -> Fraction | None:
    """Percentage (0-100) of the group's firms whose annual sales fall outside 2,400-100,000 UF, exact (a Fraction:
    3 firms of 10 is exactly 30, 1 of 3 is never rounded to 33.33, so the limit of 30% is met or not, never rounded)."""
    if not member_sales:
        return None
    outside = sum(1 for sales in member_sales if outside_sme(sales))
    return Fraction(100 * outside, len(member_sales))


def rule_needs(branches) -> tuple[str, ...]:
    seen: list[str] = []
    for branch in branches:
        for cond in branch:
            for name in FIELDS[cond.field].needs:
                if name not in seen:
                    seen.append(name)
    return tuple(seen)
