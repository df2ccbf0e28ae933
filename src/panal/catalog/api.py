"""The catalogue in the API: instruments and their calls (the heart of Panal), read-only and public."""

from datetime import datetime
from typing import Literal

from django.urls import reverse
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from panal.core.api_errors import ApiNotFound

from . import selectors
from .models import BENEFICIARY_KINDS, OBJECTIVES

router = Router(tags=["instrumentos y convocatorias"])

STATUS_LABELS = {"upcoming": "Por abrir", "open": "Abierta", "closed": "Cerrada"}


class InstrumentOut(Schema):
    code: str = Field(examples=["sercotec-crece"])
    name: str
    agency_code: str
    agency_name: str
    co_agency_code: str | None = None
    purpose: str
    audience: str
    finances: str
    subsidy_min_clp: int | None = Field(None, description="Pesos chilenos, entero")
    subsidy_max_clp: int | None = None
    objectives: list[str] = Field(description=f"Códigos: {', '.join(OBJECTIVES)}")
    beneficiaries: list[str] = Field(description=f"Códigos: {', '.join(BENEFICIARY_KINDS)}")
    url: str
    page: str = Field(description="Página del instrumento en Panal")


class CallOut(Schema):
    code: str = Field(examples=["sercotec-crece-2024-06"])
    title: str
    instrument_code: str
    year: int
    region_code: str
    opens_at: datetime
    closes_at: datetime
    status: Literal["upcoming", "open", "closed"]
    status_label: str = Field(examples=["Abierta"])
    budget_clp: int | None = None
    places: int | None = None
    subsidy_min_clp: int | None = None
    subsidy_max_clp: int | None = None
    focus_communes: list[str] = Field(description="Códigos CUT; vacía si alcanza a toda la región")
    url: str
    page: str = Field(description="Página de la convocatoria en Panal")


def _instrument_out(i) -> dict:
    return {
        "code": i.code,
        "name": i.name,
        "agency_code": i.agency.code,
        "agency_name": i.agency.name,
        "co_agency_code": i.co_agency.code if i.co_agency_id else None,
        "purpose": i.purpose,
        "audience": i.audience,
        "finances": i.finances,
        "subsidy_min_clp": i.subsidy_min_clp,
        "subsidy_max_clp": i.subsidy_max_clp,
        "objectives": [k for k in OBJECTIVES if getattr(i, f"obj_{k}")],
        "beneficiaries": [k for k in BENEFICIARY_KINDS if getattr(i, f"for_{k}")],
        "url": i.url,
        "page": reverse("catalog:instrument", args=[i.code]),
    }


def _call_out(c, now) -> dict:
    status = c.status_at(now)
    return {
        "code": c.code,
        "title": c.title,
        "instrument_code": c.instrument.code,
        "year": c.year,
        "region_code": c.region_id,
        "opens_at": c.opens_at,
        "closes_at": c.closes_at,
        "status": status,
        "status_label": STATUS_LABELS[status],
        "budget_clp": c.budget_clp,
        "places": c.places,
        "subsidy_min_clp": c.subsidy_min_clp,
        "subsidy_max_clp": c.subsidy_max_clp,
        "focus_communes": list(c.focus_communes or []),
        "url": c.url,
        "page": reverse("catalog:call", args=[c.code]),
    }


@router.get("/instruments", response=list[InstrumentOut], summary="Instrumentos de apoyo")
def list_instruments(request):
    return [_instrument_out(i) for i in selectors.instruments()]


@router.get("/calls", response=list[CallOut], summary="Convocatorias, con filtros")
def list_calls(
    request,
    region: str | None = Query(None, pattern=r"^[0-9]{2}$", description="Código CUT de la región, p. ej. 06"),
    status: Literal["upcoming", "open", "closed"] | None = Query(
        None, description="upcoming (por abrir), open (abierta) o closed (cerrada)"
    ),
    instrument: str | None = Query(None, max_length=80, pattern=r"^[a-z0-9-]+$", description="Código del instrumento"),
):
    if instrument and selectors.get_instrument(instrument) is None:
        raise ApiNotFound(f"No existe el instrumento «{instrument}».")
    now = timezone.now()
    rows = [_call_out(c, now) for c in selectors.calls(instrument_code=instrument, region=region)]
    return [r for r in rows if status is None or r["status"] == status]
