"""Hole 16: two schemas were both named `ActivityOut`, so /reference/activities was documented with the wrong one;
400/404/409/422/429 were not declared. schemathesis (.ci/schemathesis.sh, run by .ci/run) checks the live API
against this document."""

import importlib
import inspect
import pkgutil
from collections import defaultdict

from ninja import Schema

import panal


def test_every_api_schema_name_is_unique():
    names = defaultdict(set)
    for module in pkgutil.walk_packages(panal.__path__, "panal."):
        if ".migrations" in module.name or ".management" in module.name:
            continue
        loaded = importlib.import_module(module.name)
        for obj in vars(loaded).values():
            if inspect.isclass(obj) and issubclass(obj, Schema) and obj.__module__ == loaded.__name__:
                names[obj.__name__].add(obj.__module__)
    assert {name: sorted(mods) for name, mods in names.items() if len(mods) > 1} == {}


def test_reference_activities_are_documented_with_their_own_schema(client):
    spec = client.get("/api/v1/openapi.json").json()
    ok = spec["paths"]["/api/v1/reference/activities"]["get"]["responses"]["200"]["content"]["application/json"]
    ref = ok["schema"]["items"]["$ref"].rsplit("/", 1)[-1]
    assert set(spec["components"]["schemas"][ref]["properties"]) == {"code", "name", "subsector", "sector"}


def test_every_operation_declares_its_error_answers(client):
    spec = client.get("/api/v1/openapi.json").json()
    missing = [
        f"{method.upper()} {path} {code}"
        for path, operations in spec["paths"].items()
        for method, operation in operations.items()
        for code in ("400", "404", "409", "422", "429")
        if code not in operation["responses"]
    ]
    assert missing == []
    assert "Retry-After" in spec["paths"]["/api/v1/activities"]["get"]["responses"]["429"]["headers"]
