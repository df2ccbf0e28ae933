"""The HTTP API under /api/v1/: each app's ninja Router mounted here; errors answered in Spanish."""

from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.errors import ValidationError as NinjaValidationError

from panal.applications.api import router as applications_router
from panal.catalog.api import router as catalog_router
from panal.core.api_errors import ApiError
from panal.core.errors import DomainError, NotFound
from panal.core.errors import PermissionDenied as DomainPermissionDenied
from panal.eligibility.api import router as eligibility_router
from panal.events.api import router as events_router
from panal.opendata.api import router as opendata_router
from panal.reference.api import router as reference_router
from panal.registry.api import router as registry_router
from panal.territory.api import router as territory_router

api = NinjaAPI(
    title="API de Panal",
    version="1.0.0",
    description=(
        "La API de Panal, en JSON: territorio (`/territory/`), referencias (`/reference/`: UF, tamaño de empresa, "
        "actividades SII), instrumentos y convocatorias (`/instruments`, `/calls`), elegibilidad (`/eligibility`), "
        "actividades de la Semana e inscripciones (`/activities`, `/registrations/`), postulaciones "
        "(`/applications`, con token), cooperativas (`/cooperatives`) y datos abiertos (`/opendata/`, "
        "`/stats/`). Los errores traen un mensaje en español que nombra el campo."
    ),
    urls_namespace="api-1.0.0",
)

# Pydantic's error types → plain Spanish; anything else falls back to a generic sentence.
_MESSAGES = {
    "missing": "es obligatorio",
    "float_parsing": "debe ser un número",
    "decimal_parsing": "debe ser un número",
    "int_parsing": "debe ser un número entero",
    "greater_than_equal": "debe ser mayor o igual a {ge}",
    "greater_than": "debe ser mayor que {gt}",
    "less_than_equal": "debe ser menor o igual a {le}",
    "string_pattern_mismatch": "no tiene el formato esperado",
    "date_from_datetime_parsing": "debe ser una fecha con formato AAAA-MM-DD",
    "date_parsing": "debe ser una fecha con formato AAAA-MM-DD",
    "bool_parsing": "debe ser verdadero o falso (true/false)",
    "string_too_long": "es demasiado largo (máximo {max_length} caracteres)",
    "string_too_short": "es demasiado corto",
    "value_error": "no es válido",
    "enum": "debe ser uno de: {expected}",
    "literal_error": "debe ser uno de: {expected}",
    "finite_number": "debe ser un número finito",
    "json_invalid": "no es un JSON válido",
    "model_attributes_type": "debe ser un objeto JSON",
}


def _field_name(loc) -> str:
    parts = [str(p) for p in loc if p not in ("query", "path", "body", "form", "header", "payload")]
    return ".".join(parts) or "solicitud"


def _spanish(error: dict) -> dict:
    field = _field_name(error.get("loc", ()))
    template = _MESSAGES.get(error.get("type", ""), "no es válido")
    ctx = dict(error.get("ctx") or {})
    if "expected" in ctx:  # pydantic writes "'F', 'M' or 'X'"
        ctx["expected"] = str(ctx["expected"]).replace(" or ", " o ")
    try:
        text = template.format(**ctx)
    except (KeyError, IndexError):
        text = template
    if error.get("type") == "value_error" and ctx.get("error"):
        text = str(ctx["error"]).removeprefix("Value error, ")
    if error.get("type") == "string_pattern_mismatch" and field == "date":
        text = "debe ser una fecha con formato AAAA-MM-DD"
    return {"field": field, "message": f"El campo «{field}» {text}." if not text.startswith("El ") else text}


@api.exception_handler(NinjaValidationError)
def validation_error(request: HttpRequest, exc: NinjaValidationError):
    errors = [_spanish(e) for e in exc.errors]
    detail = " ".join(e["message"] for e in errors)
    return api.create_response(request, {"detail": detail, "errors": errors}, status=422)


@api.exception_handler(ApiError)
def api_error(request: HttpRequest, exc: ApiError):
    body = {"detail": exc.message}
    if exc.field:
        body["field"] = exc.field
    return api.create_response(request, body, status=exc.status_code)


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, exc: DomainError):
    status = 404 if isinstance(exc, NotFound) else 403 if isinstance(exc, DomainPermissionDenied) else 400
    body = {"detail": exc.message}
    if exc.field:
        body["field"] = exc.field
    return api.create_response(request, body, status=status)


def _mount() -> None:
    api.add_router("/territory/", territory_router)
    api.add_router("/reference/", reference_router)
    api.add_router("/", catalog_router)
    api.add_router("/eligibility", eligibility_router)
    api.add_router("/", events_router)
    api.add_router("/applications", applications_router)
    api.add_router("/cooperatives", registry_router)
    api.add_router("/", opendata_router)


_mount()
