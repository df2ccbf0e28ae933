from ninja import Query, Router

from panal.core.api_errors import ApiNotFound

from . import profiles
from .schemas import EligibilityOut, ProfileIn

router = Router(tags=["elegibilidad"])


@router.post(
    "",
    response=EligibilityOut,
    summary="¿A qué puedo postular? Un perfil contra todas las convocatorias",
    description=(
        "Evalúa el perfil contra cada convocatoria (o solo las del instrumento indicado): `eligible`, "
        "`ineligible` (algún criterio no se cumple) o `incomplete` (falta información: ver `missing`), "
        "con el resultado y el texto de cada criterio. `null` significa «no se sabe»."
    ),
)
def eligibility(request, payload: ProfileIn, instrument: str | None = Query(None, max_length=80)):  # noqa: B008
    if instrument is not None and not profiles.instrument_exists(instrument):
        raise ApiNotFound(f"El instrumento «{instrument}» no existe.", field="instrument")
    return profiles.evaluate_profile(payload.profile(), instrument_code=instrument)
