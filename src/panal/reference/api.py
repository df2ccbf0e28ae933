from datetime import date
from decimal import Decimal

from ninja import Field, Query, Router, Schema

from panal.core.api_errors import ApiNotFound
from panal.core.limits import MAX_DECIMAL_DIGITS, MAX_UF

from . import selectors
from .firm_size import LARGE, MEDIUM, MICRO, SMALL

router = Router(tags=["referencias"])


class UFOut(Schema):
    date: date
    value: float = Field(description="Valor de la UF en pesos, con dos decimales", examples=[38416.69])


class FirmSizeOut(Schema):
    annual_sales_uf: float | int
    size: str = Field(description=f"Tamaño según Ley 20.416: {MICRO}, {SMALL}, {MEDIUM} o {LARGE}")
    size_label: str
    sii_tramo: int = Field(ge=1, le=13, description="Tramo de ventas del SII (1 a 13)")
    sii_tramo_label: str


class EconomicActivityOut(Schema):
    code: str
    name: str
    subsector: str
    sector: str


@router.get("/uf", response=UFOut, summary="Valor de la UF en una fecha")
def uf_value(request, date: date = Query(..., description="Fecha AAAA-MM-DD")):  # noqa: B008
    value = selectors.uf_on(date)
    if value is None:
        first, last = selectors.uf_range()
        held = (
            f"Panal tiene valores entre el {first:%d-%m-%Y} y el {last:%d-%m-%Y}"
            if first
            else "Panal aún no tiene valores de la UF"
        )
        raise ApiNotFound(
            f"No hay valor de la UF para el {date:%d-%m-%Y}. {held}; "
            "un administrador puede actualizarlos con «panal refresh-uf»."
        )
    return {"date": date, "value": float(value)}


@router.get("/firm-size", response=FirmSizeOut, summary="Tamaño de empresa (Ley 20.416) y tramo SII según ventas")
def firm_size(
    request,
    annual_sales_uf: Decimal = Query(  # noqa: B008
        ...,
        ge=0,
        le=MAX_UF,
        max_digits=MAX_DECIMAL_DIGITS,
        allow_inf_nan=False,
        description="Ventas netas anuales en UF (sin IVA), del año anterior; de 0 a 100.000.000",
    ),
):
    shown = int(annual_sales_uf) if annual_sales_uf == annual_sales_uf.to_integral_value() else float(annual_sales_uf)
    return {"annual_sales_uf": shown, **selectors.classify_sales(annual_sales_uf)}


@router.get("/activities", response=list[EconomicActivityOut], summary="Buscar códigos de actividad económica del SII")
def activities(
    request,
    q: str = Query(..., min_length=2, max_length=100, description="Texto o código, p. ej. «panader» o «1071»"),  # noqa: B008
):
    return list(selectors.search_activities(q))
