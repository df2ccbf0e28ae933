"""`GET /api/v1/outcomes/effects`: one estimate as a JSON object; `/opendata/outcomes.csv`: the aggregated results."""

from typing import Literal

from django.http import HttpResponse
from ninja import Query, Router, Schema
from pydantic import Field

from panal.core.errors import NotFound

from . import results, selectors
from .indicators import INDICATORS

router = Router(tags=["Resultados e impacto"])

IndicatorKey = Literal[tuple(INDICATORS)]  # type: ignore[valid-type]


class EffectQuery(Schema):
    instrument: str = Field(..., max_length=60, pattern=r"^[a-z0-9-]+$")
    year: int = Field(..., ge=1990, le=2100)
    region: str = Field("06", pattern=r"^\d{2}$")
    indicator: IndicatorKey
    method: Literal["did", "rd"]


class Effect(Schema):
    instrument: str
    year: int
    region: str
    indicator: str
    method: str
    estimate: float | None
    std_error: float | None
    ci_low: float | None
    ci_high: float | None
    n_treated: int
    n_control: int
    bandwidth: float | None
    first_stage: float | None
    warnings: list[str]


@router.get(
    "/outcomes/effects",
    response=Effect,
    url_name="outcomes_effects",
    summary="Efecto estimado de una convocatoria sobre un indicador",
    description="`did`: diferencias en diferencias con efectos fijos de empresa y año, errores agrupados por "
    "empresa. `rd`: regresión discontinua difusa en el puntaje de corte (rdrobust). Con datos insuficientes "
    "`estimate` es null y `warnings` dice por qué.",
)
def effects(request, query: Query[EffectQuery]):
    call = selectors.call_for(instrument=query.instrument, year=query.year, region=query.region)
    if call is None:
        raise NotFound(
            f"No hay una convocatoria de «{query.instrument}» del año {query.year} en la región {query.region}.",
            field="instrument",
        )
    return results.effect(call, query.indicator, query.method)


@router.get(
    "/opendata/outcomes.csv",
    url_name="opendata_outcomes_csv",
    summary="Resultados agregados por convocatoria (CSV)",
    description="Promedios por grupo (financiadas y comparación) y periodo con su intervalo de 95%; las celdas de "
    "menos de 5 empresas no se publican.",
)
def outcomes_csv(request):
    response = HttpResponse(selectors.aggregated_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="panal-resultados.csv"'
    return response
