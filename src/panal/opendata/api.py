"""Open data and execution statistics under /api/v1/: the 360Giving package (JSON, CSV, XLSX) and
`/stats/execution?group_by=…`, both computed from the same portfolio selectors so their totals agree."""

from typing import Literal

from django.http import HttpResponse
from ninja import Router, Schema

from panal.core import spreadsheets
from panal.portfolio import selectors as portfolio

from . import grants

router = Router(tags=["Datos abiertos y cifras"])

GroupBy = Literal[
    "instrument", "agency", "year", "province", "commune", "objective", "beneficiary_type", "funding_source", "sex"
]


class ExecutionRow(Schema):
    key: str | int | None
    label: str
    awarded_clp: int
    disbursed_clp: int
    projects: int
    beneficiaries: int


@router.get(
    "/opendata/grants.json",
    url_name="opendata_grants",
    summary="Adjudicaciones en formato 360Giving 1.4 (JSON)",
    description="Paquete de datos 360Giving con cada adjudicación. Montos en CLP; la ubicación es el código CUT "
    "de la comuna; las personas naturales aparecen como «Persona natural» con un identificador opaco.",
)
def grants_json(request):
    response = HttpResponse(grants.package_json(), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="panal-360giving.json"'
    return response


@router.get("/opendata/grants.csv", url_name="opendata_grants_csv", summary="Las mismas adjudicaciones en CSV")
def grants_csv(request):
    return spreadsheets.download(spreadsheets.csv_bytes(grants.FLAT_HEADERS, grants.flat_rows()), "panal-360giving.csv")


@router.get("/opendata/grants.xlsx", url_name="opendata_grants_xlsx", summary="Las mismas adjudicaciones en XLSX")
def grants_xlsx(request):
    content = spreadsheets.xlsx_bytes(grants.FLAT_HEADERS, grants.flat_rows(), sheet="grants")
    return spreadsheets.download(content, "panal-360giving.xlsx")


@router.get(
    "/stats/execution",
    response=list[ExecutionRow],
    url_name="stats_execution",
    summary="Montos adjudicados y ejecutados agrupados",
    description="`disbursed_clp` es lo ejecutado: desembolsos menos reintegros. Los totales coinciden con los "
    "datos abiertos 360Giving.",
)
def execution(request, group_by: GroupBy = "year"):
    return portfolio.execution_stats(group_by)
