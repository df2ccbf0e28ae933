"""The open-data export validates against the shipped 360Giving 1.4 schema and never reveals a natural person."""

import io
import json
from datetime import date

import pytest
from openpyxl import load_workbook

from panal.data import DATA_DIR
from panal.portfolio import services

SCHEMAS = DATA_DIR / "360giving"


def validator():
    # jsonschema's format checker takes ~2.7 s to import (it compiles an IRI grammar): only the tests that validate
    # pay it, not every pytest-xdist worker that collects this module.
    from jsonschema import Draft202012Validator  # noqa: PLC0415 (loaded when used: heavy)
    from referencing import Registry  # noqa: PLC0415 (loaded when used: heavy)
    from referencing.jsonschema import DRAFT202012  # noqa: PLC0415 (loaded when used: heavy)

    grant_schema = json.loads((SCHEMAS / "360-giving-schema.json").read_text())
    package_schema = json.loads((SCHEMAS / "360-giving-package-schema.json").read_text())
    # The files name draft 2020-12 as http://json-schema.org/draft/2020-12/schema (no https): say it explicitly.
    resource = DRAFT202012.create_resource(grant_schema)
    # The package schema points at the 1.4.2 grant schema URL; the shipped grant schema is 1.4.3 (same major.minor).
    ref = package_schema["properties"]["grants"]["items"]["$ref"]
    registry = Registry().with_resources([(grant_schema["$id"], resource), (ref, resource)])
    return Draft202012Validator(package_schema, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER)


@pytest.fixture
def portfolio_data(builders):
    call = builders.call()
    ana = builders.person(first_names="Anacleta", last_names="Zúñiga Parraguirre", commune="06101", sex="F")
    a = builders.project(call, amount=3_500_000, person=ana, starts_on=date(2024, 7, 1), ends_on=date(2025, 6, 30))
    services.disburse(project=a, amount_clp=2_000_000, paid_on=date(2024, 7, 15))
    coop = builders.cooperative(name="Cooperativa Campesina Los Aromos")
    b = builders.project(call, amount=5_000_000, enterprise=coop)
    services.disburse(project=b, amount_clp=5_000_000, paid_on=date(2024, 8, 1))
    services.record_refund(project=b, amount_clp=400_000, refunded_on=date(2024, 12, 1))
    firm = builders.enterprise(name="Panadería La Espiga SpA")
    builders.project(call, amount=1_000_000, enterprise=firm)
    return {"person": ana, "coop": coop, "firm": firm}


def test_grants_json_validates_against_360giving_schema(client, portfolio_data):
    response = client.get("/api/v1/opendata/grants.json")
    assert response.status_code == 200
    data = json.loads(response.content)
    errors = sorted(validator().iter_errors(data), key=lambda e: list(e.path))
    assert errors == [], [f"{list(e.path)}: {e.message}" for e in errors[:5]]
    assert len(data["grants"]) == 3
    assert {g["currency"] for g in data["grants"]} == {"CLP"}


def test_a_broken_grant_does_not_validate(client, portfolio_data):
    data = json.loads(client.get("/api/v1/opendata/grants.json").content)
    del data["grants"][0]["fundingOrganization"]
    data["grants"][1]["awardDate"] = "01-06-2024"
    assert len(list(validator().iter_errors(data))) >= 2


def test_organisations_by_rut_and_commune_cut(client, portfolio_data):
    data = json.loads(client.get("/api/v1/opendata/grants.json").content)
    coop = portfolio_data["coop"]
    grant = next(
        g for g in data["grants"] if "recipientOrganization" in g and "Aromos" in g["recipientOrganization"][0]["name"]
    )
    assert grant["recipientOrganization"][0]["id"] == f"CL-RUT-{coop.rut}"
    assert grant["beneficiaryLocation"][0]["geoCode"] == "06201"
    assert (grant["amountAwarded"], grant["amountDisbursed"]) == (5_000_000, 4_600_000)


def test_natural_persons_are_never_identified(client, portfolio_data):
    person = portfolio_data["person"]
    body = client.get("/api/v1/opendata/grants.json").content.decode()
    rut_body = person.rut.split("-")[0]
    for secret in (
        person.first_names,
        "Anacleta",
        "Zúñiga",
        person.rut,
        rut_body,
        f"{int(rut_body):,}".replace(",", "."),
    ):
        assert secret not in body
    data = json.loads(body)
    grant = next(g for g in data["grants"] if "recipientIndividual" in g)
    assert grant["recipientIndividual"]["name"] == "Persona natural"
    assert "recipientOrganization" not in grant
    assert rut_body not in grant["recipientIndividual"]["id"]
    assert grant["beneficiaryLocation"][0]["geoCode"] == "06101"
    assert grant["grantProgramme"][0]["code"] == "sercotec-crece"
    for path in ("/api/v1/opendata/grants.csv", "/cifras/proyectos.csv"):
        text = client.get(path).content.decode("utf-8-sig")
        assert "Anacleta" not in text and rut_body not in text and "Persona natural" in text


def test_csv_and_xlsx_carry_the_same_grants(client, portfolio_data):
    data = json.loads(client.get("/api/v1/opendata/grants.json").content)
    text = client.get("/api/v1/opendata/grants.csv").content.decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert lines[0].startswith("Identifier;Title;")
    assert len(lines) == 1 + len(data["grants"])
    sheet = load_workbook(io.BytesIO(client.get("/api/v1/opendata/grants.xlsx").content)).active
    rows = list(sheet.iter_rows(values_only=True))
    awarded = sum(r[4] for r in rows[1:])
    assert awarded == sum(g["amountAwarded"] for g in data["grants"]) == 9_500_000


def test_stats_execution_matches_open_data(client, portfolio_data):
    data = json.loads(client.get("/api/v1/opendata/grants.json").content)
    for group_by in ("instrument", "agency", "year", "province", "commune", "objective", "beneficiary_type"):
        rows = client.get(f"/api/v1/stats/execution?group_by={group_by}").json()
        assert sum(r["awarded_clp"] for r in rows) == sum(g["amountAwarded"] for g in data["grants"])
        assert sum(r["disbursed_clp"] for r in rows) == sum(g["amountDisbursed"] for g in data["grants"]) == 6_600_000
        assert sum(r["projects"] for r in rows) == 3
    types = {r["key"]: r for r in client.get("/api/v1/stats/execution?group_by=beneficiary_type").json()}
    assert types["cooperativa"]["label"] == "Cooperativa" and types["cooperativa"]["disbursed_clp"] == 4_600_000


def test_stats_execution_unknown_group_is_a_spanish_422(client, reference_data):
    response = client.get("/api/v1/stats/execution?group_by=color")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "group_by"
    assert "debe ser uno de" in response.json()["detail"]
