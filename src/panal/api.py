"""The HTTP API under /api/v1/: each app's ninja Router mounted here; errors answered in Spanish."""

from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.errors import ValidationError as NinjaValidationError

from panal.applications.api import router as applications_router
from panal.catalog.api import router as catalog_router
from panal.core.api_errors import ApiError
from panal.core.errors import DomainError, NotFound
from panal.core.errors import PermissionDenied as DomainPermissionDenied
from panal.core.ratelimit import RateLimited, too_many
from panal.eligibility.api import router as eligibility_router
from panal.events.api import router as events_router
from panal.opendata.api import router as opendata_router
from panal.outcomes.api import router as outcomes_router
from panal.privacy.api import router as privacy_router
from panal.reference.api import router as reference_router
from panal.registry.api import router as registry_router
from panal.territory.api import router as territory_router

# Every answer an operation can give is documented (issue 10, hole 16): the error shapes below are added to each
# operation that does not declare its own, so clients and schemathesis see 400/404/409/415/422/429 as documented.
ERROR_SCHEMA = {
    "title": "Error",
    "type": "object",
    "description": "Un error, con un mensaje en español que nombra el campo.",
    "properties": {
        "detail": {"type": "string", "description": "Qué pasó, en español"},
        "field": {"type": "string", "description": "El campo que lo causó, si es uno"},
        "code": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"field": {"type": "string"}, "message": {"type": "string"}},
                "required": ["field", "message"],
            },
        },
    },
    "required": ["detail"],
}
ERROR_RESPONSES = {
    "400": "Solicitud no válida (una regla del dominio la rechazó; nada cambió)",
    "401": "Falta autenticación o el token no es válido",
    "403": "No tiene permiso para esto",
    "404": "No existe",
    "409": "En conflicto con el estado actual (p. ej. convocatoria cerrada)",
    "415": "Las escrituras deben enviarse como application/json",
    "422": "Un dato no es válido: el mensaje nombra el campo y el rango o formato esperado",
    "429": "Demasiadas solicitudes; el encabezado Retry-After dice en cuántos segundos reintentar",
}


class PanalAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
        ref = {"$ref": "#/components/schemas/Error"}
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                responses = operation.setdefault("responses", {})
                declared = {str(code) for code in responses}
                for code, description in ERROR_RESPONSES.items():
                    if code not in declared:
                        content = {"application/json": {"schema": ref}}
                        if code == "400":  # the HTTP server itself refuses an over-long request line, in HTML
                            content["text/html"] = {"schema": {"type": "string"}}
                        responses[int(code)] = {"description": description, "content": content}
                retry = {"Retry-After": {"description": "Segundos de espera", "schema": {"type": "integer"}}}
                responses[429].setdefault("headers", retry)
        return schema


api = PanalAPI(
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
    "less_than": "debe ser menor que {lt}",
    "decimal_max_digits": "tiene demasiadas cifras (máximo {max_digits})",
    "decimal_whole_digits": "tiene demasiadas cifras enteras",
    "decimal_max_places": "tiene demasiados decimales (máximo {decimal_places})",
    "int_from_float": "debe ser un número entero",
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
    if error.get("type") == "greater_than_equal" and str(ctx.get("ge")) in ("0", "0.0"):
        text = "no puede ser negativo"
    if error.get("type") == "string_pattern_mismatch" and field == "date":
        text = "debe ser una fecha con formato AAAA-MM-DD"
    return {"field": field, "message": f"El campo «{field}» {text}." if not text.startswith("El ") else text}


@api.exception_handler(NinjaValidationError)
def validation_error(request: HttpRequest, exc: NinjaValidationError):
    errors = [_spanish(e) for e in exc.errors]
    detail = " ".join(e["message"] for e in errors)
    return api.create_response(request, {"detail": detail, "errors": errors}, status=422)


@api.exception_handler(RateLimited)
def rate_limited(request: HttpRequest, exc: RateLimited):
    return too_many(request, exc)


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
    api.add_router("/", outcomes_router)
    api.add_router("/", opendata_router)
    api.add_router("/me", privacy_router)


_mount()
