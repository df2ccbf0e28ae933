"""Public API of the registry: cooperatives only (organisations, never natural persons' data)."""

from typing import Literal

from ninja import Field, Query, Router, Schema

from panal.core.api_errors import ApiNotFound
from panal.core.rut import format_rut
from panal.territory.selectors import get_region

from . import selectors
from .models import COOPERATIVE_CLASSES

router = Router(tags=["cooperativas"])
CooperativeClass = Literal[tuple(COOPERATIVE_CLASSES)]  # type: ignore[valid-type]


class CooperativeOut(Schema):
    name: str = Field(description="Razón social")
    rut: str = Field(examples=["77.777.777-7"])
    cooperative_class: str = Field(alias="class", description="Clase de cooperativa")
    commune: str | None = Field(description="Código CUT de la comuna de la casa matriz", examples=["06304"])
    commune_name: str | None
    members: int = Field(description="Total de socios y socias")
    vigente: bool | None = Field(description="Vigente ante el registro de cooperativas; null si no se sabe")


class Figures(Schema):
    cooperatives: int
    members: int
    members_women: int
    members_men: int
    women_share: float | None = Field(description="Proporción de socias sobre el total (0 a 1)")


class ClassFigures(Figures):
    cooperative_class: str = Field(alias="class")


class CommuneFigures(Figures):
    commune: str | None
    commune_name: str | None


class StatsOut(Figures):
    region: str | None
    by_class: list[ClassFigures]
    by_commune: list[CommuneFigures]


def _check_region(region: str | None) -> None:
    if region and get_region(region) is None:
        raise ApiNotFound(f"No existe la región con código «{region}». Los códigos van de 01 a 16.")


@router.get("", response=list[CooperativeOut], by_alias=True, summary="Cooperativas registradas (datos públicos)")
def list_cooperatives(
    request,
    region: str | None = Query(None, pattern=r"^[0-9]{2}$", description="Código de la región, p. ej. 06"),
    cooperative_class: CooperativeClass | None = Query(None, alias="class", description="Clase"),  # noqa: B008
    vigente: bool | None = Query(None, description="true: solo vigentes; false: solo no vigentes"),
):
    _check_region(region)
    rows = selectors.public_cooperatives(region=region, cooperative_class=cooperative_class, vigente=vigente)
    return [
        {
            "name": coop.enterprise.legal_name,
            "rut": format_rut(coop.enterprise.rut),
            "class": coop.cooperative_class,
            "commune": coop.enterprise.commune_id,
            "commune_name": coop.enterprise.commune.name if coop.enterprise.commune_id else None,
            "members": coop.members,
            "vigente": coop.in_good_standing,
        }
        for coop in rows
    ]


@router.get("/stats", response=StatsOut, by_alias=True, summary="Cooperativas y socios/as por clase y por comuna")
def cooperative_stats(
    request,
    region: str | None = Query(None, pattern=r"^[0-9]{2}$", description="Código de la región, p. ej. 06"),
):
    _check_region(region)
    return selectors.cooperative_stats(region=region)
