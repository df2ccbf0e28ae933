"""POST/GET /api/v1/me/data-requests: a person exercising a data-protection right, with a session or with the API's
bearer token (the one `POST /api/v1/applications/token` issues, `Authorization: Bearer …`)."""

from datetime import datetime
from typing import Literal

from ninja import Router, Schema, Status
from ninja.security import HttpBearer, SessionAuth
from pydantic import Field

from panal.applications.services import user_for_token

from . import selectors, services

router = Router(tags=["mis datos"])


class BearerToken(HttpBearer):
    openapi_scheme = "bearer"

    def authenticate(self, request, token):
        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user


class Session(SessionAuth):
    """The browser's session, CSRF-checked; a request with no signed-in session is answered 401 (not a CSRF 403:
    there is nothing to protect, and a client without a token must learn that it needs one)."""

    def _get_key(self, request):
        if not request.user.is_authenticated:
            return None
        return super()._get_key(request)


AUTH = [BearerToken(), Session()]

Kind = Literal["acceso", "rectificacion", "supresion", "oposicion", "portabilidad", "bloqueo"]


class DataRequestIn(Schema):
    kind: Kind
    detail: str = Field("", max_length=2000)


class DataRequestOut(Schema):
    id: int
    kind: str
    status: str
    received_at: datetime
    due_at: datetime


class DataRequestProblem(Schema):
    detail: str
    field: str | None = None


@router.post(
    "/data-requests",
    response={201: DataRequestOut, 400: DataRequestProblem, 401: DataRequestProblem, 422: DataRequestProblem},
    auth=AUTH,
    summary="Ejercer un derecho sobre mis datos (Ley 21.719)",
)
def file_data_request(request, payload: DataRequestIn):
    filed = services.file_request(user=request.auth, kind=payload.kind, detail=payload.detail)
    return Status(201, filed)


@router.get("/data-requests", response=list[DataRequestOut], auth=AUTH, summary="Mis solicitudes")
def my_data_requests(request):
    return list(selectors.requests_of(request.auth))
