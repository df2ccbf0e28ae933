from ninja import Field, Path, Query, Router, Schema

from panal.core.api_errors import ApiNotFound

from . import selectors

router = Router(tags=["territorio"])


class RegionOut(Schema):
    code: str = Field(examples=["06"])
    name: str
    short_name: str


class CommuneOut(Schema):
    code: str = Field(examples=["06101"])
    name: str
    province_code: str
    province_name: str
    region_code: str
    population: int = Field(description="Población censada, Censo 2024")
    latitude: float | None = Field(None, description="Latitud de la cabecera comunal")
    longitude: float | None = None


def _commune_out(c) -> dict:
    return {
        "code": c.code,
        "name": c.name,
        "province_code": c.province_id,
        "province_name": c.province.name,
        "region_code": c.region_id,
        "population": c.population,
        "latitude": float(c.latitude) if c.latitude is not None else None,
        "longitude": float(c.longitude) if c.longitude is not None else None,
    }


@router.get("/regions", response=list[RegionOut], summary="Regiones de Chile")
def list_regions(request):
    return list(selectors.regions())


@router.get("/communes", response=list[CommuneOut], summary="Comunas, opcionalmente de una región o provincia")
def list_communes(
    request,
    region: str | None = Query(None, pattern=r"^[0-9]{2}$", description="Código CUT de la región, p. ej. 06"),
    province: str | None = Query(None, pattern=r"^[0-9]{3}$", description="Código CUT de la provincia, p. ej. 061"),
):
    if region and selectors.get_region(region) is None:
        raise ApiNotFound(f"No existe la región con código «{region}». Los códigos van de 01 a 16.")
    rows = selectors.communes(region=region, province=province)
    if province and not rows.exists():
        raise ApiNotFound(f"No existe la provincia con código «{province}».")
    return [_commune_out(c) for c in rows]


@router.get("/communes/{code}", response=CommuneOut, summary="Una comuna por su código CUT")
def get_commune(request, code: str = Path(..., max_length=5)):
    commune = selectors.get_commune(code)
    if commune is None:
        raise ApiNotFound(f"No existe la comuna con código «{code}».")
    return _commune_out(commune)
