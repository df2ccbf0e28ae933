"""The eligibility request (a profile) and response, shared by the API and `panal eligibility --profile FILE`."""

from datetime import date
from decimal import Decimal
from typing import Literal

from django.utils import timezone
from ninja import Field, Schema
from pydantic import ConfigDict, ValidationInfo, field_validator

from panal.reference.selectors import get_activity
from panal.territory.selectors import get_commune


class ProfileIn(Schema):
    """A profile; every field but `applicant_kind` is optional, and `null` means unknown."""

    model_config = ConfigDict(extra="forbid")

    as_of: date | None = Field(None, description="Fecha a la que se calculan edades y antigüedad (hoy si falta)")
    applicant_kind: Literal["persona", "empresa", "cooperativa", "grupo"]
    birth_date: date | None = Field(None, description="De la persona que postula o representa")
    sex: Literal["F", "M", "X"] | None = Field(None, description="Sexo registral de quien postula o representa")
    nationality: Literal["CL", "extranjera"] | None = None
    commune: str | None = Field(None, description="Código CUT de 5 dígitos de la comuna del domicilio, p. ej. 06101")
    has_activity_start: bool | None = Field(None, description="Inicio de actividades en primera categoría ante el SII")
    activity_start_date: date | None = None
    annual_sales_uf: Decimal | None = Field(None, allow_inf_nan=False, description="Ventas netas anuales en UF")
    activity_code: str | None = Field(None, description="Código de actividad económica del SII (6 dígitos)")
    cooperative_class: (
        Literal[
            "agricola", "campesina", "pesquera", "consumo", "trabajo", "servicios", "ahorro_credito", "vivienda", "otra"
        ]
        | None
    ) = None
    members: int | None = Field(None, description="Número de socios/as (cooperativa) o integrantes (grupo)")
    in_good_standing: bool | None = Field(None, description="Vigente ante su registro (p. ej. DAES)")
    registries: list[Literal["RPA", "RNA", "ROA"]] | None = Field(None, description="Registros sectoriales vigentes")

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

    def profile(self) -> dict:
        return self.model_dump()


class CriterionOut(Schema):
    id: str
    outcome: Literal["pass", "fail", "unknown"]
    message: str
    hint: str = ""
    source: str = ""
    referential: bool = False


class ResultOut(Schema):
    call: str
    instrument: str
    agency: str
    region: str
    call_status: Literal["upcoming", "open", "closed"]
    status: Literal["eligible", "ineligible", "incomplete"]
    criteria: list[CriterionOut]
    missing: list[str]


class EligibilityOut(Schema):
    as_of: date
    results: list[ResultOut]
