"""POST/GET /api/v1/me/data-requests: a person exercising a data-protection right (session authentication)."""

from datetime import datetime
from typing import Literal

from ninja import Router, Schema, Status
from ninja.security import django_auth
from pydantic import Field

from . import selectors, services

router = Router(tags=["mis datos"])

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
    auth=django_auth,
    summary="Ejercer un derecho sobre mis datos (Ley 21.719)",
)
def file_data_request(request, payload: DataRequestIn):
    filed = services.file_request(user=request.auth, kind=payload.kind, detail=payload.detail)
    return Status(201, filed)


@router.get("/data-requests", response=list[DataRequestOut], auth=django_auth, summary="Mis solicitudes")
def my_data_requests(request):
    return list(selectors.requests_of(request.auth))
