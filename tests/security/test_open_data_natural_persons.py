"""Hole 4: an enterprise that is a natural person (a persona natural con giro, or an EIRL, whose name is usually its
owner's) was published with name and RUT in grants.json, /cifras/proyectos.csv|xlsx and /cifras/proyectos/<code>/.
Everywhere money is shown to the public it is «Persona natural» with an opaque id."""

import io

import pytest
from openpyxl import load_workbook

from panal.registry import services as registry
from tests.portfolio.conftest import next_rut

pytestmark = pytest.mark.django_db

OWNER = "Juana Soledad Riquelme Tapia"


@pytest.fixture(params=["persona_natural", "eirl"])
def natural_project(request, builders):
    rut = next_rut()
    firm = registry.create_enterprise(
        rut=rut, legal_name=f"{OWNER} {request.param.upper()}", legal_form=request.param, commune="06101"
    )
    project = builders.project(builders.call(), amount=4_000_000, enterprise=firm)
    return project, rut


def _leaks(text: str, rut: str) -> list[str]:
    body = rut.split("-")[0]
    dotted = f"{int(body):,}".replace(",", ".")
    return [piece for piece in ("Riquelme", body, dotted) if piece in text]


def test_grants_json_publishes_them_as_an_individual(client, natural_project):
    project, rut = natural_project
    response = client.get("/api/v1/opendata/grants.json")
    text = b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()
    assert _leaks(text, rut) == []
    grant = next(g for g in __import__("json").loads(text)["grants"] if g["id"].endswith(project.code))
    assert grant["recipientIndividual"]["name"] == "Persona natural"
    assert "recipientOrganization" not in grant


@pytest.mark.parametrize("path", ["/cifras/proyectos.csv", "/cifras/proyectos/", "/api/v1/opendata/grants.csv"])
def test_public_tables_never_name_them(client, natural_project, path):
    _, rut = natural_project
    response = client.get(path)
    text = b"".join(response.streaming_content) if response.streaming else response.content
    assert _leaks(text.decode("utf-8-sig"), rut) == []


@pytest.mark.parametrize("path", ["/cifras/proyectos.xlsx", "/api/v1/opendata/grants.xlsx"])
def test_public_spreadsheets_never_name_them(client, natural_project, path):
    _, rut = natural_project
    response = client.get(path)
    content = b"".join(response.streaming_content) if response.streaming else response.content
    cells = " ".join(
        str(c) for row in load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True) for c in row
    )
    assert _leaks(cells, rut) == []


def test_the_project_page_never_names_them(client, natural_project):
    project, rut = natural_project
    page = client.get(f"/cifras/proyectos/{project.code}/").content.decode()
    assert "Persona natural" in page and _leaks(page, rut) == []


def test_a_company_is_still_published_with_name_and_rut(client, builders):
    firm = builders.enterprise(name="Comercial El Olivo SpA")
    project = builders.project(builders.call(), enterprise=firm)
    page = client.get(f"/cifras/proyectos/{project.code}/").content.decode()
    assert "Comercial El Olivo SpA" in page
