"""API of postulaciones: the applicant's drafts, uploads, submission and status (session or bearer token), and the
staff's list with filters and decisions. Writes accept an `Idempotency-Key` header: the same key returns the first
answer again instead of acting twice."""

import hashlib
import json
from datetime import datetime
from typing import Any, Literal

from django.contrib.auth import authenticate
from ninja import Field, File, Header, Path, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.security import HttpBearer, django_auth
from pydantic import ConfigDict

from panal.catalog.selectors import agencies_of, get_call
from panal.core.api_errors import ApiError, ApiNotFound
from panal.core.errors import DomainError
from panal.core.limits import MAX_CLP, MAX_ID
from panal.core.roles import ADMINISTRATOR, AGENCY_STAFF, has_role
from panal.registry.selectors import get_enterprise_by_rut

from . import selectors, services
from .models import Application, CommitteeSession

router = Router(tags=["postulaciones"])


class BearerToken(HttpBearer):
    openapi_scheme = "bearer"

    def authenticate(self, request, token):
        user = services.user_for_token(token)
        if user is not None:
            request.user = user
        return user


AUTH = [BearerToken(), django_auth]


class Problem(Schema):
    field: str
    message: str


class ProblemsOut(Schema):
    detail: str
    errors: list[Problem] = []
    code: str | None = None


class HistoryOut(Schema):
    at: datetime
    state: str
    state_label: str
    reason: str


class ApplicationOut(Schema):
    id: int
    call: str = Field(description="Código de la convocatoria")
    state: str = Field(description="draft, submitted, admissible, not_admissible, in_evaluation, evaluated, ...")
    state_label: str
    folio: str | None = Field(None, examples=["ABEJA-06-2024-000123"])
    submitted_at: datetime | None = None
    answers: dict[str, Any]
    budget: list[dict[str, Any]]
    documents: list[str] = Field(description="Preguntas de tipo archivo ya respondidas")
    awarded_clp: int | None = None
    history: list[HistoryOut]
    receipt_url: str | None = None


def _out(application: Application) -> dict:
    return {
        "id": application.pk,
        "call": application.call.code,
        "state": application.state,
        "state_label": application.state_label,
        "folio": application.folio,
        "submitted_at": application.submitted_at,
        "answers": application.answers,
        "budget": application.budget,
        "documents": sorted(application.documents.values_list("question", flat=True)),
        "awarded_clp": application.awarded_clp,
        "history": [
            {"at": h.created_at, "state": h.to_state, "state_label": h.to_label, "reason": h.reason}
            for h in selectors.history(application)
        ],
        "receipt_url": f"/postulaciones/{application.pk}/comprobante.pdf" if application.folio else None,
    }


def _json(body: dict) -> dict:
    return json.loads(json.dumps(body, default=str))


def _idempotent(request, key: str | None, endpoint: str, payload: dict, produce):
    """Run `produce` once per (user, Idempotency-Key); a repeat gets the stored answer."""
    if not key:
        status, body = produce()
        return Status(status, body)
    if len(key) > 200:
        raise ApiError("La Idempotency-Key admite hasta 200 caracteres.", field="Idempotency-Key")
    fingerprint = hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()
    stored = services.stored_response(user=request.user, key=key)
    if stored is not None:
        if stored.endpoint != endpoint or stored.fingerprint != fingerprint:
            raise ApiError("Esa Idempotency-Key ya se usó con otra solicitud; use una nueva.", field="Idempotency-Key")
        return Status(stored.status_code, stored.body)
    status, body = produce()
    record = services.remember_response(
        user=request.user, key=key, endpoint=endpoint, fingerprint=fingerprint, status_code=status, body=_json(body)
    )
    return Status(record.status_code, record.body)


def _own(request, application_id: int) -> Application:
    return services.get_own_application(pk=application_id, actor=request.user)


# --- tokens ------------------------------------------------------------------------------------------------


class TokenIn(Schema):
    model_config = ConfigDict(extra="forbid")
    email: str = Field(..., max_length=254)
    password: str = Field(..., max_length=200)
    label: str = Field("", max_length=100)


class TokenOut(Schema):
    token: str = Field(description="Úselo como `Authorization: Bearer <token>`; se muestra una sola vez.")


@router.post("/token", response={201: TokenOut, 401: ProblemsOut}, summary="Obtener un token de API", auth=None)
def issue_token(request, payload: TokenIn):
    user = authenticate(request, username=payload.email.strip().lower(), password=payload.password)
    if user is None:
        return Status(401, {"detail": "Correo o contraseña incorrectos."})
    return Status(201, {"token": services.issue_token(user=user, label=payload.label)})


# --- applicant ------------------------------------------------------------------------------------------------


class StartIn(Schema):
    model_config = ConfigDict(extra="forbid")
    call: str = Field(..., max_length=80, description="Código de la convocatoria", examples=["capital-abeja-emprende"])
    enterprise_rut: str | None = Field(None, max_length=14, description="Si postula por una empresa que representa")


@router.get("", response=list[ApplicationOut], auth=AUTH, summary="Mis postulaciones")
def my_applications(request):
    return [_out(a) for a in selectors.applications_of(request.user)]


@router.post(
    "",
    response={200: ApplicationOut, 201: ApplicationOut},
    auth=AUTH,
    summary="Comenzar (o retomar) el borrador de una convocatoria",
)
def start(
    request, payload: StartIn, idempotency_key: str | None = Header(None, alias="Idempotency-Key", max_length=200)
):
    call = get_call(payload.call)
    if call is None:
        raise ApiNotFound(f"No existe la convocatoria «{payload.call}».", field="call")
    enterprise = None
    if payload.enterprise_rut:
        enterprise = get_enterprise_by_rut(payload.enterprise_rut)
        if enterprise is None:
            raise ApiNotFound("No existe una empresa con ese RUT en Panal.", field="enterprise_rut")

    def produce():
        existed = selectors.applications_of(request.user).filter(call=call, enterprise=enterprise).exists()
        application = services.start_application(call=call, actor=request.user, enterprise=enterprise)
        return (200 if existed else 201), _out(application)

    return _idempotent(request, idempotency_key, "start", payload.dict(), produce)


@router.get("/{application_id}", response=ApplicationOut, auth=AUTH, summary="Estado de una postulación")
def get_application(request, application_id: int = Path(..., ge=1, le=MAX_ID)):
    return _out(_own(request, application_id))


class DraftIn(Schema):
    model_config = ConfigDict(extra="forbid")
    answers: dict[str, Any] | None = Field(None, description="Respuestas por clave de pregunta; vacío borra")
    budget: list[dict[str, Any]] | None = Field(
        None, description="Líneas {category, description, amount}; reemplaza la tabla completa"
    )


@router.patch("/{application_id}", response=ApplicationOut, auth=AUTH, summary="Guardar respuestas del borrador")
def save_draft(request, payload: DraftIn, application_id: int = Path(..., ge=1, le=MAX_ID)):
    application = _own(request, application_id)
    services.save_draft(application=application, actor=request.user, answers=payload.answers, budget=payload.budget)
    return _out(_own(request, application_id))


@router.post(
    "/{application_id}/documents/{question}",
    response={201: ApplicationOut},
    auth=AUTH,
    summary="Adjuntar el archivo de una pregunta",
)
def upload(
    request,
    file: File[UploadedFile],
    application_id: int = Path(..., ge=1, le=MAX_ID),
    question: str = Path(..., max_length=80),
):
    application = _own(request, application_id)
    services.upload_document(application=application, actor=request.user, question=question, file=file)
    return Status(201, _out(_own(request, application_id)))


@router.post(
    "/{application_id}/submit",
    response={200: ApplicationOut, 400: ProblemsOut, 409: ProblemsOut},
    auth=AUTH,
    summary="Enviar la postulación (admisibilidad, plazo, folio)",
    description=(
        "Enviar dos veces devuelve la misma postulación con el mismo folio. Fuera de plazo responde 409 con la hora "
        "de cierre; si faltan requisitos responde 400 con cada problema junto a su campo."
    ),
)
def submit(
    request,
    application_id: int = Path(..., ge=1, le=MAX_ID),
    idempotency_key: str | None = Header(None, alias="Idempotency-Key", max_length=200),
):
    application = _own(request, application_id)

    def produce():
        try:
            submitted = services.submit_application(application=application, actor=request.user)
        except services.AdmissibilityError as exc:
            errors = [{"field": f, "message": m} for f, m in exc.problems.items()]
            return 400, {"detail": exc.message, "errors": errors, "code": "not_admissible"}
        except DomainError as exc:
            if exc.code in ("closed", "not_open"):
                return 409, {
                    "detail": exc.message,
                    "errors": [{"field": "call", "message": exc.message}],
                    "code": exc.code,
                }
            raise
        return 200, _out(submitted)

    return _idempotent(request, idempotency_key, f"submit:{application_id}", {}, produce)


class RespondIn(Schema):
    model_config = ConfigDict(extra="forbid")
    accept: bool
    reason: str = Field("", max_length=500)


@router.post("/{application_id}/respond", response=ApplicationOut, auth=AUTH, summary="Aceptar o rechazar")
def respond(request, payload: RespondIn, application_id: int = Path(..., ge=1, le=MAX_ID)):
    application = _own(request, application_id)
    services.respond_to_award(application=application, actor=request.user, accept=payload.accept, reason=payload.reason)
    return _out(_own(request, application_id))


# --- staff ------------------------------------------------------------------------------------------------


class StaffRow(Schema):
    id: int
    folio: str | None
    call: str
    applicant: str
    state: str
    state_label: str
    score: float | None
    awarded_clp: int | None
    submitted_at: datetime | None


class StaffFilters(Schema):
    call: str | None = Field(None, max_length=80, description="Código de convocatoria")
    state: str | None = Field(None, max_length=40, description="Estado, por ejemplo submitted")
    q: str | None = Field(None, max_length=100, description="Folio, apellido o razón social")


def _scope(user):
    if has_role(user, ADMINISTRATOR):
        return None
    if has_role(user, AGENCY_STAFF):
        return [a.code for a in agencies_of(user)]
    raise ApiError("Solo el equipo de las instituciones puede listar postulaciones.", field="auth")


@router.get("/staff/list", response=list[StaffRow], auth=AUTH, summary="Postulaciones recibidas (equipo)")
def staff_list(request, filters: Query[StaffFilters]):
    scope = _scope(request.user)
    call = get_call(filters.call) if filters.call else None
    if filters.call and call is None:
        raise ApiNotFound(f"No existe la convocatoria «{filters.call}».", field="call")
    rows = selectors.staff_applications(call=call, state=filters.state, agency_codes=scope, text=filters.q or "")
    return [
        {
            "id": a.pk,
            "folio": a.folio,
            "call": a.call.code,
            "applicant": a.applicant_name,
            "state": a.state,
            "state_label": a.state_label,
            "score": float(a.score) if a.score is not None else None,
            "awarded_clp": a.awarded_clp,
            "submitted_at": a.submitted_at,
        }
        for a in rows[:1000]
    ]


class ReviewIn(Schema):
    model_config = ConfigDict(extra="forbid")
    action: Literal["declare_admissible", "declare_not_admissible", "start_evaluation", "close_evaluation"]
    reason: str = Field("", max_length=2000)


@router.post("/{application_id}/review", response=ApplicationOut, auth=AUTH, summary="Admisibilidad y evaluación")
def review(request, payload: ReviewIn, application_id: int = Path(..., ge=1, le=MAX_ID)):
    application = Application.objects.filter(pk=application_id).first()
    if application is None:
        raise ApiNotFound("No existe esa postulación.", field="id")
    services.review(application=application, actor=request.user, name=payload.action, reason=payload.reason)
    application.refresh_from_db()
    return _out(application)


class DecisionIn(Schema):
    model_config = ConfigDict(extra="forbid")
    session: int = Field(..., ge=1, le=MAX_ID, description="Sesión de comité")
    outcome: Literal["award", "waitlist", "reject"]
    amount_clp: int | None = Field(None, ge=1, le=MAX_CLP, description="Monto adjudicado en pesos (solo para award)")
    reason: str = Field(..., min_length=1, max_length=2000)


@router.post("/{application_id}/decision", response=ApplicationOut, auth=AUTH, summary="Decisión del comité")
def decision(request, payload: DecisionIn, application_id: int = Path(..., ge=1, le=MAX_ID)):
    application = Application.objects.filter(pk=application_id).first()
    session = CommitteeSession.objects.filter(pk=payload.session).first()
    if application is None or session is None:
        raise ApiNotFound("No existe esa postulación o esa sesión.", field="id" if application is None else "session")
    services.decide(
        session=session,
        application=application,
        actor=request.user,
        outcome=payload.outcome,
        amount_clp=payload.amount_clp,
        reason=payload.reason,
    )
    application.refresh_from_db()
    return _out(application)
