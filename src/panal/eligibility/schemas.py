"""The eligibility request (a profile) and response, shared by the API and `panal eligibility --profile FILE`."""

from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

from django.utils import timezone
from ninja import Field, Schema
from pydantic import ConfigDict, ValidationInfo, field_validator, model_validator

from panal.core.limits import MAX_COUNT, MAX_DECIMAL_DIGITS, MAX_UF
from panal.reference.selectors import get_activity
from panal.territory.selectors import get_commune

# Documented ranges: beyond them a value cannot be real, and it is refused (422) before reaching the engine.
MAX_SALES_UF = MAX_UF  # one limit for sales everywhere (core.limits)
MAX_MEMBERS = MAX_COUNT
MAX_GROUP_FIRMS = 500
MAX_INVESTMENT_CLP = 10_000_000_000_000  # ten trillion pesos

# One firm's sales inside member_sales_uf: the same documented range as annual_sales_uf, checked per item.
FirmSalesUf = Annotated[Decimal, Field(ge=0, le=MAX_SALES_UF, max_digits=MAX_DECIMAL_DIGITS, allow_inf_nan=False)]


class ProfileIn(Schema):
    """A profile; every field but `applicant_kind` is optional, and `null` means unknown."""

    model_config = ConfigDict(extra="forbid")

    as_of: date | None = Field(
        None,
        description=(
            "Fecha a la que el perfil describe a quien postula (hoy si falta). Edades y antigüedad se cuentan a la "
            "fecha de referencia de cada convocatoria (su apertura o la que nombren sus bases)."
        ),
    )
    applicant_kind: Literal["persona", "empresa", "cooperativa", "grupo"]
    birth_date: date | None = Field(None, description="De la persona que postula o representa")
    sex: Literal["F", "M", "X"] | None = Field(None, description="Sexo registral de quien postula o representa")
    nationality: Literal["CL", "extranjera"] | None = None
    commune: str | None = Field(
        None, max_length=5, description="Código CUT de 5 dígitos de la comuna del domicilio, p. ej. 06101"
    )
    has_activity_start: bool | None = Field(None, description="Inicio de actividades en primera categoría ante el SII")
    activity_start_date: date | None = None
    annual_sales_uf: Decimal | None = Field(
        None,
        ge=0,
        le=MAX_UF,
        max_digits=MAX_DECIMAL_DIGITS,
        allow_inf_nan=False,
        description="Ventas netas anuales en UF (0 a 100.000.000)",
    )
    activity_code: str | None = Field(
        None, max_length=6, description="Código de actividad económica del SII (6 dígitos)"
    )
    cooperative_class: (
        Literal[
            "agricola", "campesina", "pesquera", "consumo", "trabajo", "servicios", "ahorro_credito", "vivienda", "otra"
        ]
        | None
    ) = None
    members: int | None = Field(
        None,
        ge=0,
        le=MAX_MEMBERS,
        description="Número de socios/as (cooperativa) o integrantes (grupo), hasta 1.000.000; si se da "
        "member_sales_uf, es su largo",
    )
    member_sales_uf: list[FirmSalesUf] | None = Field(
        None,
        min_length=1,
        max_length=MAX_GROUP_FIRMS,
        description="Ventas netas anuales en UF de cada empresa del grupo, una por empresa (1 a 500 empresas; "
        "cada una de 0 a 100.000.000)",
    )
    project_investment_clp: int | None = Field(
        None, ge=0, le=MAX_INVESTMENT_CLP, description="Inversión total del proyecto en pesos (0 a 10^13)"
    )
    has_overdue_debts: bool | None = Field(
        None, description="Tiene deudas laborales, previsionales o tributarias morosas (se declara al postular)"
    )
    in_alimony_debtors_registry: bool | None = Field(
        None,
        description="Figura en el Registro Nacional de Deudores de Pensiones de Alimentos (se declara al postular)",
    )
    in_emergency_register: bool | None = Field(
        None, description="Figura en el catastro oficial de empresas afectadas por la emergencia de la convocatoria"
    )
    in_good_standing: bool | None = Field(None, description="Vigente ante su registro (p. ej. DAES)")
    registries: list[Literal["RPA", "RNA", "ROA"]] | None = Field(
        None, description="Registros sectoriales con inscripción vigente (la vigencia es lo que cuenta)"
    )

    @field_validator("birth_date")
    @classmethod
    def _born_before_as_of(cls, value, info: ValidationInfo):
        as_of = info.data.get("as_of") or timezone.localdate()
        if value is not None and value > as_of:
            raise ValueError(f"no puede ser posterior a la fecha de evaluación ({as_of:%d-%m-%Y})")
        return value

    @field_validator("activity_start_date")
    @classmethod
    def _started_before_as_of(cls, value, info: ValidationInfo):
        as_of = info.data.get("as_of") or timezone.localdate()
        if value is not None and value > as_of:
            raise ValueError(f"no puede ser posterior a la fecha de evaluación ({as_of:%d-%m-%Y})")
        return value

    @field_validator("commune")
    @classmethod
    def _known_commune(cls, value):
        if value is None:
            return None
        text = str(value).strip()
        if not (text.isdigit() and len(text) == 5) or get_commune(text) is None:
            raise ValueError("no es una comuna conocida; use el código CUT de 5 dígitos (por ejemplo 06101)")
        return text

    @field_validator("activity_code")
    @classmethod
    def _known_activity(cls, value):
        if value is None:
            return None
        text = str(value).strip()
        if get_activity(text) is None:
            raise ValueError("no es un código de actividad del SII conocido (6 dígitos, por ejemplo 479100)")
        return text

    @field_validator("annual_sales_uf")
    @classmethod
    def _sales_not_negative(cls, value):
        if value is not None and value < 0:
            raise ValueError("no puede ser negativo")
        return value

    @field_validator("members")
    @classmethod
    def _members(cls, value, info: ValidationInfo):
        if value is None:
            return None
        if value < 0:
            raise ValueError("no puede ser negativo")
        kind = info.data.get("applicant_kind")
        if value == 0 and kind in ("cooperativa", "grupo"):
            raise ValueError(f"debe ser al menos 1 para un/a postulante de tipo «{kind}»")
        return value

    @field_validator("member_sales_uf", mode="before")
    @classmethod
    def _member_sales_in_range(cls, value):
        """Each firm's figure is checked here, before the per-item bounds (which document the range in the schema),
        so the error names the field `member_sales_uf` and the firm's number rather than a list index."""
        if not isinstance(value, list) or len(value) > MAX_GROUP_FIRMS:
            return value  # the type and the length limits answer these
        for n, item in enumerate(value, start=1):
            if isinstance(item, bool) or not isinstance(item, int | float | str | Decimal):
                continue
            text = str(item).strip()
            if len(text) > 2 * MAX_DECIMAL_DIGITS:
                raise ValueError(f"las ventas de la empresa {n} deben ser un número entre 0 y 100.000.000 UF")
            try:
                sales = Decimal(text)
            except ArithmeticError:
                continue  # not a number: the type check says so
            if not sales.is_finite() or sales < 0 or sales > MAX_SALES_UF:
                raise ValueError(f"las ventas de la empresa {n} deben ser un número entre 0 y 100.000.000 UF")
        return value

    @field_validator("member_sales_uf")
    @classmethod
    def _member_sales(cls, value):
        if value is None:
            return None
        for n, sales in enumerate(value, start=1):
            if not sales.is_finite() or sales < 0 or sales > MAX_SALES_UF:
                raise ValueError(f"las ventas de la empresa {n} deben ser un número entre 0 y 100.000.000 UF")
        return value

    @model_validator(mode="after")
    def _members_match_member_sales(self):
        if self.member_sales_uf is not None:
            if self.members is not None and self.members != len(self.member_sales_uf):
                raise ValueError(
                    f"members ({self.members}) no coincide con el número de empresas en member_sales_uf "
                    f"({len(self.member_sales_uf)})"
                )
            self.members = len(self.member_sales_uf)
        return self

    def profile(self) -> dict:
        return self.model_dump()


class CriterionOut(Schema):
    id: str
    outcome: Literal["pass", "fail", "unknown"]
    message: str
    detail: str = Field("", description="Precisión del resultado, p. ej. qué empresas del grupo quedan fuera")
    hint: str = ""
    source: str = Field("", description="URL de la fuente de la regla")
    source_note: str = Field("", description="De qué convocatoria, región y año viene, si no es de esta")
    verified: bool = Field(True, description="Verificada contra las bases de la convocatoria")
    referential: bool = Field(False, description="Lo contrario de verified: regla referencial")
    declaration: bool = Field(False, description="Se declara bajo juramento al postular")


class ResultOut(Schema):
    call: str
    instrument: str
    agency: str
    region: str
    call_status: Literal["upcoming", "open", "closed"]
    status: Literal["eligible", "ineligible", "incomplete"]
    reference_date: date = Field(description="Fecha a la que se cuentan edades y antigüedad para esta convocatoria")
    criteria: list[CriterionOut]
    missing: list[str]
    declarations: list[str] = Field(
        default_factory=list,
        description="Lo que quien postula declarará bajo juramento («Al postular declararás que …»)",
    )
    notices: list[str] = Field(
        default_factory=list, description="Avisos: convocatoria referencial, posible foco sectorial, tope por tramo"
    )


class EligibilityOut(Schema):
    as_of: date
    results: list[ResultOut]
