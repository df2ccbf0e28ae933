"""Hole 2: every number the API or a form accepts has a documented range and is refused (422 / form error) before
any arithmetic. `Decimal("1e1000000")` hung a worker for 31 s on firm-size; `1e10000` gave a 500."""

import importlib
import inspect
import json
import pkgutil

import pytest
from django import forms

import panal

pytestmark = pytest.mark.django_db


def _schemas(node, where, spec):
    """Every (where, schema) leaf in a parameter or body schema, following $ref."""
    if not isinstance(node, dict):
        return
    if "$ref" in node:
        yield from _schemas(spec["components"]["schemas"][node["$ref"].split("/")[-1]], where, spec)
        return
    yield where, node
    for key in ("anyOf", "oneOf", "allOf"):
        for sub in node.get(key, []):
            yield from _schemas(sub, where, spec)
    if isinstance(node.get("items"), dict):
        yield from _schemas(node["items"], f"{where}[]", spec)
    for name, sub in (node.get("properties") or {}).items():
        yield from _schemas(sub, f"{where}.{name}", spec)
    if isinstance(node.get("additionalProperties"), dict):
        yield from _schemas(node["additionalProperties"], f"{where}{{}}", spec)


def _inputs(spec):
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                yield from _schemas(parameter["schema"], f"{method.upper()} {path} {parameter['name']}", spec)
            for content in (operation.get("requestBody") or {}).get("content", {}).values():
                yield from _schemas(content["schema"], f"{method.upper()} {path} body", spec)


def test_every_number_the_api_accepts_has_a_documented_minimum_and_maximum(client):
    spec = client.get("/api/v1/openapi.json").json()
    unbounded = [
        where
        for where, schema in _inputs(spec)
        if schema.get("type") in ("integer", "number")
        and not ({"minimum", "exclusiveMinimum"} & set(schema) and {"maximum", "exclusiveMaximum"} & set(schema))
    ]
    assert unbounded == []


def test_every_text_the_api_accepts_has_a_maximum_length(client):
    spec = client.get("/api/v1/openapi.json").json()
    unbounded = []
    for where, schema in _inputs(spec):
        if schema.get("type") != "string" or {"maxLength", "enum", "format", "const", "pattern"} & set(schema):
            continue
        unbounded.append(where)
    # A Decimal is documented as number-or-string; its string form is bounded by max_digits (checked above).
    decimals = {where for where, schema in _inputs(spec) if schema.get("type") == "number"}
    assert [where for where in unbounded if where not in decimals] == []


def _form_classes():
    for module in pkgutil.walk_packages(panal.__path__, "panal."):
        if ".migrations" in module.name or ".management" in module.name:
            continue
        loaded = importlib.import_module(module.name)
        for obj in vars(loaded).values():
            if inspect.isclass(obj) and issubclass(obj, forms.BaseForm) and obj.__module__ == loaded.__name__:
                yield obj


def test_every_number_a_form_accepts_has_a_minimum_and_maximum():
    unbounded = [
        f"{form.__module__}.{form.__name__}.{name}"
        for form in _form_classes()
        for name, field in form.base_fields.items()
        if isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField)
        and (field.min_value is None or field.max_value is None)
    ]
    assert unbounded == []


@pytest.mark.parametrize("value", ["1e1000000", "1e10000", "1e-1000000", "9" * 5000, "-1", "1e8000", "NaN"])
def test_huge_or_tiny_decimals_in_firm_size_are_refused_with_422(client, reference_data, value):
    response = client.get("/api/v1/reference/firm-size", {"annual_sales_uf": value})
    assert response.status_code == 422
    assert "annual_sales_uf" in response.json()["detail"]


def test_huge_decimals_in_an_eligibility_profile_are_refused_with_422(client, reference_data):
    for field, value in (("annual_sales_uf", "1e1000000"), ("annual_sales_uf", 1e300), ("members", 10**30)):
        body = {"applicant_kind": "empresa", field: value}
        response = client.post("/api/v1/eligibility", json.dumps(body), content_type="application/json")
        assert response.status_code == 422, (field, value)
        assert field in response.json()["detail"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/activities/99999999999999999999999",
        "/api/v1/applications/99999999999999999999999",
    ],
)
def test_ids_beyond_64_bits_in_the_api_are_refused_not_overflowed(client, reference_data, path):
    assert client.get(path).status_code in (401, 404, 422)


@pytest.mark.parametrize(
    "path",
    [
        "/semana/actividades/99999999999999999999999/",
        "/cifras/proyectos/99999999999999999999999/",
        "/postulaciones/99999999999999999999999/",
        "/registro/personas/99999999999999999999999/",
    ],
)
def test_ids_beyond_64_bits_in_pages_are_not_found(admin_client, reference_data, path):
    assert admin_client.get(path).status_code == 404


def test_the_wizard_refuses_a_huge_sales_figure_with_a_message(client, reference_data):
    response = client.post(
        "/a-que-puedo-postular/",
        {"a_applicant_kind": "empresa", "question": "annual_sales_uf", "answer": "1e1000000"},
    )
    assert response.status_code in (200, 400)
    assert "Escriba un número entre 0 y 100.000.000" in response.content.decode()


def test_a_form_refuses_a_huge_number_with_a_message(admin_client, reference_data):
    from panal.registry.forms import YearForm

    form = YearForm({"year": "2024", "sales_uf": "1e1000000", "employees": "1", "wages_clp": "9" * 40})
    assert not form.is_valid()
    assert set(form.errors) >= {"sales_uf", "wages_clp"}
