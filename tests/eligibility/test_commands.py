import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from panal.eligibility import engine
from panal.eligibility.models import TargetProfile
from panal.eligibility.services import replace_targets


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_eligibility_command_prints_the_same_json_as_the_api(client, reference_data, tmp_path):
    body = {
        "as_of": "2024-05-20",
        "applicant_kind": "grupo",
        "members": 6,
        "has_activity_start": True,
        "commune": "06101",
    }
    path = tmp_path / "perfil.json"
    path.write_text(json.dumps(body), encoding="utf-8")
    printed = json.loads(run("eligibility", "--profile", str(path)))
    answered = client.post("/api/v1/eligibility", json.dumps(body), content_type="application/json").json()
    assert printed == answered
    creation = {r["call"]: r for r in printed["results"]}["sercotec-cooperativas-creacion"]
    assert creation["status"] == "eligible"


def test_eligibility_command_refuses_a_bad_profile_in_spanish(reference_data, tmp_path):
    path = tmp_path / "perfil.json"
    path.write_text(json.dumps({"applicant_kind": "persona", "commune": "99999"}), encoding="utf-8")
    with pytest.raises(CommandError, match="«commune» no es una comuna conocida"):
        run("eligibility", "--profile", str(path))
    path.write_text("{no es json", encoding="utf-8")
    with pytest.raises(CommandError, match="no es JSON válido"):
        run("eligibility", "--profile", str(path))


PEOPLE = [
    (
        "person",
        1,
        {
            "applicant_kind": "persona",
            "commune": "06201",
            "has_activity_start": True,
            "project_investment_clp": 12_000_000,
        },
    ),
    (
        "person",
        5,
        {
            "applicant_kind": "persona",
            "commune": "06201",
            "has_activity_start": True,
            "project_investment_clp": 11_999_999,
        },
    ),
    ("person", 2, {"applicant_kind": "persona", "commune": "06101", "has_activity_start": True}),
    ("enterprise", 3, {"applicant_kind": "empresa", "commune": "06204", "has_activity_start": True}),
    ("enterprise", 4, {"applicant_kind": "empresa", "commune": "06204", "has_activity_start": None}),
]


def test_target_counts_and_exports_who_is_eligible_through_the_compiled_query(reference_data, tmp_path):
    replace_targets(rows=PEOPLE)
    out_file = tmp_path / "elegibles.csv"
    printed = run("target", "corfo-activa-inversion", "--no-refresh", "--as-of", "2024-05-20", "--csv", str(out_file))
    assert "corfo-activa-inversion: 2 elegibles" in printed
    lines = out_file.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "tipo_registro,id_registro (dato personal),tipo_postulante,comuna"
    assert lines[1:] == ["enterprise,3,empresa,06204", "person,1,persona,06201"]


def test_target_refuses_an_unknown_call(reference_data):
    with pytest.raises(CommandError, match="no existe"):
        run("target", "no-existe", "--no-refresh")


def test_targeting_counts_ages_at_the_calls_opening(reference_data):
    from panal.catalog.selectors import get_call
    from panal.eligibility.selectors import count_eligible

    teen = {"applicant_kind": "persona", "commune": "06101", "sex": "F", "has_activity_start": False}
    replace_targets(
        rows=[
            ("person", 7, {**teen, "birth_date": date(2006, 5, 7)}),  # 18 on the opening day, 07-05-2024
            ("person", 8, {**teen, "birth_date": date(2006, 5, 8)}),  # 18 the day after: too young at the opening
        ]
    )
    call = get_call("capital-abeja-emprende")
    assert call.reference_date == date(2024, 5, 7)
    assert list(TargetProfile.objects.filter(engine.compile(call)).values_list("object_id", flat=True)) == [7]
    assert count_eligible(call) == 1


def test_target_refreshes_from_the_registry_before_counting(reference_data):
    from panal.registry.services import create_person

    create_person(
        rut="11111111-1",
        first_names="Ana",
        last_names="Soto",
        birth_date="1990-01-01",
        sex="F",
        commune="06101",
        has_activity_start=False,
    )
    create_person(
        rut="22222222-2",
        first_names="Luis",
        last_names="Rojas",
        birth_date="1990-01-01",
        sex="M",
        commune="06101",
        has_activity_start=False,
    )
    assert "capital-abeja-emprende: 1 elegibles" in run("target", "capital-abeja-emprende")
    assert "capital-semilla-emprende: 2 elegibles" in run("target", "capital-semilla-emprende")


def test_rebuilding_the_targeting_table_keeps_its_covering_index(reference_data):
    from django.db import connection

    replace_targets(rows=PEOPLE)
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, TargetProfile._meta.db_table)
    assert constraints["target_covering"]["columns"][:3] == ["region", "applicant_kind", "has_activity_start"]
    assert TargetProfile.objects.count() == 5
