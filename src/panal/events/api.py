"""API of the Semana: the public agenda with seat counts, registration and cancellation (no account needed)."""

from datetime import datetime

from django.http import HttpResponse
from django.urls import reverse
from django.utils.http import urlencode
from ninja import Field, Header, Path, Query, Router, Schema, Status
from pydantic import BaseModel, TypeAdapter

from panal.core import ratelimit
from panal.core.api_errors import ApiNotFound
from panal.core.limits import MAX_ID
from panal.core.pagecache import for_visitors

from . import selectors, services
from .ical import absolute
from .models import ActivityType, Audience, Objective

router = Router(tags=["semana de las mipymes"])


class SemanaActivityOut(BaseModel):  # built from plain dicts: pydantic's own validation, no attribute lookups
    id: int
    title: str
    type: str = Field(description="feria, taller, rueda, seminario, charla, ceremonia u otra")
    type_label: str
    edition: int = Field(description="Año de la edición")
    edition_slug: str
    organizer: str = Field(description="Código de la institución organizadora")
    organizer_name: str
    objective: str
    audience: str
    commune: str | None = Field(None, description="Código CUT de la comuna; null si es en línea")
    commune_name: str | None = None
    venue: str
    online: bool
    start: datetime
    end: datetime
    capacity: int | None = Field(None, description="null = sin límite de cupos")
    confirmed: int
    waitlisted: int
    seats_left: int | None
    registration_open: bool
    url: str


class RegistrationIn(Schema):
    name: str = Field(..., max_length=200, examples=["María González"])
    email: str = Field(..., max_length=254, examples=["maria@example.cl"])
    rut: str | None = Field(None, max_length=14, examples=["12.345.678-5"])
    commune: str | None = Field(None, max_length=100, description="Código CUT o nombre de la comuna")
    organization: str | None = Field(None, max_length=200, description="Empresa o cooperativa")


class RegistrationOut(Schema):
    code: str | None = Field(
        description="Código secreto de la inscripción; null si ese correo ya estaba inscrito (se le reenvía por correo)"
    )
    status: str = Field(description="confirmed | waitlisted | cancelled | already_registered")
    position: int | None = Field(None, description="Lugar en la lista de espera (1 = el próximo)")


_TYPE_LABELS = dict(ActivityType.choices)


def _url_of(activity_id: int, *, template: list[str] = []) -> str:  # noqa: B006 (computed once, on first use)
    if not template:  # the activity page's address with a hole for the id: one reverse() per process, not per row
        template.append(absolute(reverse("events:activity", args=[987654321])).replace("987654321", "{}"))
    return template[0].format(activity_id)


def _row_out(row: dict) -> dict:
    """A row of `selectors.activity_rows` as the API shows it."""
    capacity = row["capacity"]
    return {
        "id": row["id"],
        "title": row["title"],
        "type": row["type"],
        "type_label": _TYPE_LABELS.get(row["type"], row["type"]),
        "edition": row["edition__year"],
        "edition_slug": row["edition__slug"],
        "organizer": row["agency__code"],
        "organizer_name": row["agency__short_name"],
        "objective": row["objective"],
        "audience": row["audience"],
        "commune": row["commune_id"],
        "commune_name": row["commune__name"],
        "venue": row["venue"],
        "online": row["commune_id"] is None,
        "start": row["starts_at"],
        "end": row["ends_at"],
        "capacity": capacity,
        "confirmed": row["confirmed_count"],
        "waitlisted": row["waitlisted_count"],
        "seats_left": None if capacity is None else max(capacity - row["confirmed_count"], 0),
        "registration_open": row["registration_open"],
        "url": _url_of(row["id"]),
    }


def _out(a) -> dict:
    return _row_out(
        {
            **{field: getattr(a, field) for field in ("id", "title", "type", "objective", "audience", "venue")},
            **{field: getattr(a, field) for field in ("starts_at", "ends_at", "capacity", "registration_open")},
            "edition__year": a.edition.year,
            "edition__slug": a.edition.slug,
            "agency__code": a.agency.code,
            "agency__short_name": a.agency.short_name,
            "commune_id": a.commune_id,
            "commune__name": a.commune.name if a.commune_id else None,
            "confirmed_count": a.confirmed_count,
            "waitlisted_count": a.waitlisted_count,
        }
    )


_ROWS = TypeAdapter(list[SemanaActivityOut])
PAGE_SIZE, MAX_PAGE_SIZE = 100, 500
LIST_DESCRIPTION = (
    f"Ordenadas por inicio. De a `limit` actividades (por omisión {PAGE_SIZE}, a lo más {MAX_PAGE_SIZE}) desde "
    "`offset`: el encabezado `X-Total-Count` dice cuántas hay en total y, si quedan más, `Link` trae la dirección de "
    'la página siguiente (`rel="next"`).'
)
LIST_HEADERS = {
    "X-Total-Count": {"description": "Actividades que cumplen los filtros, en total", "schema": {"type": "integer"}},
    "Link": {"description": 'La página siguiente, `<...>; rel="next"`, si quedan más', "schema": {"type": "string"}},
}


_TYPES = ", ".join(ActivityType.values)
_OBJECTIVES = ", ".join(Objective.values)
_AUDIENCES = ", ".join(Audience.values)


@router.get(
    "/activities",
    response=list[SemanaActivityOut],
    summary="Actividades de la Semana, con cupos",
    description=LIST_DESCRIPTION,
    openapi_extra={"responses": {"200": {"description": "OK", "headers": LIST_HEADERS}}},
)
@for_visitors(seconds=60, version=selectors.agenda_version)
def list_activities(
    request,
    edition: int | None = Query(None, ge=2012, le=2100, description="Año de la edición, p. ej. 2024"),
    commune: str | None = Query(None, pattern=r"^[0-9]{5}$", description="Código CUT, p. ej. 06101"),
    type: ActivityType | None = Query(None, description=f"Tipo: {_TYPES}"),  # noqa: A002, B008
    organizer: str | None = Query(None, max_length=40, description="Código de la institución, p. ej. sercotec"),
    objective: Objective | None = Query(None, description=f"Objetivo: {_OBJECTIVES}"),  # noqa: B008
    audience: Audience | None = Query(None, description=f"Público: {_AUDIENCES}"),  # noqa: B008
    q: str | None = Query(None, max_length=100, description="Texto a buscar"),
    limit: int = Query(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Cuántas actividades, a lo más"),
    offset: int = Query(0, ge=0, le=MAX_ID, description="Cuántas saltar desde el comienzo"),
):
    rows, total = selectors.activity_rows(
        year=edition,
        commune=commune,
        type=type,
        agency=organizer,
        objective=objective,
        audience=audience,
        q=q,
        limit=limit,
        offset=offset,
    )
    response = HttpResponse(_ROWS.dump_json(_ROWS.validate_python([_row_out(r) for r in rows])), "application/json")
    response["X-Total-Count"] = str(total)
    if offset + len(rows) < total:
        query = {k: v for k, v in request.GET.items() if k not in ("limit", "offset")}
        next_page = absolute(request.path + "?" + urlencode({**query, "limit": limit, "offset": offset + limit}))
        response["Link"] = f'<{next_page}>; rel="next"'
    return response


@router.get("/activities/{activity_id}", response=SemanaActivityOut, summary="Una actividad")
def get_activity(request, activity_id: int = Path(..., ge=1, le=MAX_ID)):
    activity = selectors.get_activity(activity_id)
    if activity is None:
        raise ApiNotFound(f"No existe la actividad número {activity_id}.")
    return _out(activity)


ALREADY_REGISTERED = {"code": None, "status": "already_registered", "position": None}


@router.post(
    "/activities/{activity_id}/registrations",
    response={200: RegistrationOut, 201: RegistrationOut},
    summary="Inscribirse (201; 200 «already_registered» si ese correo ya estaba inscrito)",
    description=(
        "Si el correo ya estaba inscrito, la respuesta no trae el código: el enlace de la inscripción se reenvía a "
        "ese correo, para que solo su dueño lo conozca. Un reintento con el mismo encabezado `Idempotency-Key` "
        "(y el mismo correo) recibe la respuesta original, con su código."
    ),
)
def register(
    request,
    payload: RegistrationIn,
    activity_id: int = Path(..., ge=1, le=MAX_ID),
    idempotency_key: str | None = Header(
        None,
        alias="Idempotency-Key",
        max_length=64,
        pattern=r"^[\x21-\x7e]{8,64}$",
        description="Identificador único del intento (8 a 64 caracteres visibles, p. ej. un UUID)",
    ),
):
    ratelimit.check_registration(request, activity_id)
    result = services.register(
        activity_id=activity_id,
        name=payload.name,
        email=payload.email,
        rut=payload.rut,
        commune=payload.commune,
        organization=payload.organization,
        idempotency_key=idempotency_key or "",
    )
    if not result.created and not result.replayed:
        return Status(200, ALREADY_REGISTERED)
    body = {"code": result.registration.code, "status": result.registration.status, "position": result.position}
    return Status(201, body)


@router.get("/registrations/{code}", response=RegistrationOut, summary="Estado de una inscripción")
def get_registration(request, code: str = Path(..., max_length=64)):
    registration = selectors.get_registration(code)
    if registration is None:
        raise ApiNotFound(f"No existe una inscripción con el código «{code}».", field="code")
    position = selectors.waitlist_position(registration)
    return {"code": registration.code, "status": registration.status, "position": position}


@router.delete("/registrations/{code}", response=RegistrationOut, summary="Cancelar una inscripción")
def cancel(request, code: str = Path(..., max_length=64)):
    registration, _ = services.cancel_registration(code=code)
    return {"code": registration.code, "status": registration.status, "position": None}
