"""The catalogue in the API: GET /api/v1/instruments and GET /api/v1/calls?region=&status=&instrument=."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from panal.catalog.models import Call


@pytest.fixture
def catalogue(reference_data):
    """The shipped catalogue (loaded with the reference data) plus one call of each status for one instrument."""
    call = Call.objects.order_by("code").first()
    now = timezone.now()
    base = {f.name: getattr(call, f.name) for f in Call._meta.fields if f.name not in ("id", "code", "updated_at")}
    made = {}
    for status, opens, closes in (
        ("upcoming", now + timedelta(days=5), now + timedelta(days=30)),
        ("open", now - timedelta(days=5), now + timedelta(days=5)),
        ("closed", now - timedelta(days=30), now - timedelta(days=5)),
    ):
        made[status] = Call.objects.create(**{**base, "opens_at": opens, "closes_at": closes}, code=f"prueba-{status}")
    return call.instrument, made


def test_instruments_list_every_instrument_with_its_page(client, catalogue):
    body = client.get("/api/v1/instruments").json()
    instrument, _ = catalogue
    mine = next(i for i in body if i["code"] == instrument.code)
    assert mine["name"] == instrument.name and mine["page"] == f"/instrumentos/{instrument.code}/"
    assert set(mine["objectives"]) <= {"productividad", "ventas", "tecnologia", "redes"}


def test_calls_filter_by_status_instrument_and_region(client, catalogue):
    instrument, made = catalogue
    for status, call in made.items():
        body = client.get(f"/api/v1/calls?status={status}&instrument={instrument.code}&region=06").json()
        codes = {c["code"] for c in body}
        assert call.code in codes
        assert {c["status"] for c in body} == {status}
        assert {c["instrument_code"] for c in body} == {instrument.code}
    assert {c["code"] for c in client.get("/api/v1/calls?region=13").json()}.isdisjoint(
        {c.code for c in made.values()}
    ), "the test calls are in O'Higgins (06)"
    labels = {c["status_label"] for c in client.get("/api/v1/calls").json()}
    assert labels <= {"Por abrir", "Abierta", "Cerrada"}


@pytest.mark.parametrize(
    "query", ["status=abierta", "region=6", "region=06%00", "instrument=NO%20EXISTE", "instrument=" + "a" * 200]
)
def test_bad_filters_are_refused_with_a_spanish_422(client, catalogue, query):
    response = client.get(f"/api/v1/calls?{query}")
    assert response.status_code == 422
    assert "El campo" in response.json()["detail"]


def test_an_unknown_instrument_is_a_404_in_spanish(client, catalogue):
    response = client.get("/api/v1/calls?instrument=no-existe")
    assert response.status_code == 404
    assert "No existe el instrumento" in response.json()["detail"]


def test_the_api_description_names_only_endpoints_that_exist(client, reference_data):
    schema = client.get("/api/v1/openapi.json").json()
    paths = [p.removeprefix("/api/v1") for p in schema["paths"]]
    named = re.findall(r"`(/[^`]*)`", schema["info"]["description"])
    assert len(named) >= 10
    missing = [n for n in named if not any(p.startswith(n) for p in paths)]
    assert missing == []
    assert "/instruments" in paths and "/calls" in paths
