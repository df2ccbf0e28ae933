import json

import pytest

URL = "/api/v1/eligibility"

ISSUE_EXAMPLE = {
    "as_of": "2024-05-20",
    "applicant_kind": "persona",
    "birth_date": "1988-03-14",
    "sex": "F",
    "nationality": "CL",
    "commune": "06101",
    "has_activity_start": False,
    "activity_start_date": None,
    "annual_sales_uf": None,
    "activity_code": None,
    "cooperative_class": None,
    "members": None,
    "in_good_standing": None,
    "registries": ["RPA", "RNA", "ROA"],
}


def post(client, body, query=""):
    return client.post(URL + query, json.dumps(body), content_type="application/json")


def test_the_issue_example_gets_a_verdict_for_every_shipped_call(client, reference_data):
    response = post(client, ISSUE_EXAMPLE)
    assert response.status_code == 200
    body = response.json()
    assert body["as_of"] == "2024-05-20"
    by_call = {r["call"]: r for r in body["results"]}
    assert len(by_call) == 9
    abeja = by_call["capital-abeja-emprende"]
    assert abeja["status"] == "eligible"
    assert abeja["instrument"] == "capital-abeja-emprende"
    assert abeja["agency"] == "sercotec"
    assert abeja["region"] == "06"
    assert abeja["call_status"] == "closed"  # the 2024 call closed on 11 June 2024 at 15:00
    assert all(c["outcome"] == "pass" for c in abeja["criteria"])
    assert by_call["corfo-par"]["status"] == "ineligible"
    assert by_call["indespa-capital-semilla"]["status"] == "eligible"


def test_an_incomplete_answer_lists_what_is_missing(client, reference_data):
    response = post(client, {"as_of": "2024-05-20", "applicant_kind": "persona", "commune": "06101"})
    abeja = {r["call"]: r for r in response.json()["results"]}["capital-abeja-emprende"]
    assert abeja["status"] == "incomplete"
    assert set(abeja["missing"]) == {"sex", "birth_date", "has_activity_start"}


def test_the_instrument_parameter_limits_the_answer(client, reference_data):
    response = post(client, ISSUE_EXAMPLE, "?instrument=corfo-par")
    assert [r["call"] for r in response.json()["results"]] == ["corfo-par"]
    missing = post(client, ISSUE_EXAMPLE, "?instrument=no-existe")
    assert missing.status_code == 404
    assert "no-existe" in missing.json()["detail"]


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"commune": "99999"}, "commune", "comuna"),
        ({"activity_code": "000000"}, "activity_code", "actividad"),
        ({"birth_date": "2024-05-21"}, "birth_date", "posterior"),
        ({"annual_sales_uf": -1}, "annual_sales_uf", "negativo"),
        ({"applicant_kind": "cooperativa", "members": 0}, "members", "al menos 1"),
        ({"as_of": "20-05-2024"}, "as_of", "AAAA-MM-DD"),
        ({"birth_date": "1988-02-30"}, "birth_date", "AAAA-MM-DD"),
        ({"sex": "mujer"}, "sex", "debe ser uno de"),
        ({"applicant_kind": "sociedad"}, "applicant_kind", "debe ser uno de"),
        ({"registries": ["RPA", "XYZ"]}, "registries.1", "debe ser uno de"),
    ],
)
def test_bad_input_is_refused_with_one_spanish_message_naming_the_field(client, reference_data, change, field, words):
    response = post(client, {**ISSUE_EXAMPLE, **change})
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert [e["field"] for e in errors] == [field]
    assert words in errors[0]["message"]
    assert f"«{field}»" in errors[0]["message"]


def test_several_bad_fields_get_one_message_each(client, reference_data):
    body = {**ISSUE_EXAMPLE, "commune": "00000", "annual_sales_uf": -5, "sex": "?"}
    response = post(client, body)
    assert response.status_code == 422
    assert sorted(e["field"] for e in response.json()["errors"]) == ["annual_sales_uf", "commune", "sex"]


def test_applicant_kind_is_required(client, reference_data):
    response = post(client, {"as_of": "2024-05-20"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "applicant_kind"


def test_one_profile_against_all_calls_takes_a_handful_of_queries(
    client, reference_data, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        assert post(client, ISSUE_EXAMPLE).status_code == 200


def test_an_edited_criterion_changes_the_very_next_answer(client, reference_data):
    from panal.catalog.models import Condition

    body = {**ISSUE_EXAMPLE, "birth_date": "2005-01-01"}  # 19 years old on 2024-05-20

    def abeja():
        results = post(client, body, "?instrument=capital-abeja-emprende").json()["results"]
        return results[0]["status"]

    assert abeja() == "eligible"
    condition = Condition.objects.get(criterion__instrument__code="capital-abeja-emprende", field="age")
    condition.value = "21"
    condition.save()
    assert abeja() == "ineligible"
    condition.delete()
    assert abeja() == "eligible"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"annual_sales_uf": "1e30"}, "annual_sales_uf"),
        ({"annual_sales_uf": 1_000_000_000.01}, "annual_sales_uf"),
        ({"applicant_kind": "grupo", "members": 10**12}, "members"),
        ({"project_investment_clp": 10**20}, "project_investment_clp"),
        ({"project_investment_clp": -1}, "project_investment_clp"),
        ({"applicant_kind": "grupo", "member_sales_uf": [3000, "1e30"]}, "member_sales_uf"),
        ({"applicant_kind": "grupo", "member_sales_uf": [3000, -1]}, "member_sales_uf"),
        ({"applicant_kind": "grupo", "member_sales_uf": [3000] * 501}, "member_sales_uf"),
        ({"applicant_kind": "grupo", "member_sales_uf": []}, "member_sales_uf"),
        ({"has_overdue_debts": "quizás"}, "has_overdue_debts"),
    ],
)
def test_the_new_fields_refuse_values_outside_their_documented_ranges(client, reference_data, change, field):
    response = post(client, {**ISSUE_EXAMPLE, **change})
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == [field]


def test_members_must_match_the_number_of_firms_given(client, reference_data):
    body = {**ISSUE_EXAMPLE, "applicant_kind": "grupo", "members": 6, "member_sales_uf": [3000] * 5}
    response = post(client, body)
    assert response.status_code == 422
    assert "no coincide" in response.json()["errors"][0]["message"]


def test_a_group_gives_each_firms_sales_and_members_is_their_number(client, reference_data):
    body = {
        "as_of": "2024-06-20",
        "applicant_kind": "grupo",
        "commune": "06101",
        "member_sales_uf": [2500] * 7 + [100] * 3,
    }
    response = post(client, body, "?instrument=corfo-red-asociativa")
    assert response.status_code == 200
    (red,) = response.json()["results"]
    assert red["status"] == "eligible"
    assert red["reference_date"] == "2024-06-03"
    sales = next(c for c in red["criteria"] if c["id"] == "ventas-de-cada-empresa")
    assert "empresa 8 (100 UF), empresa 9 (100 UF), empresa 10 (100 UF)" in sales["detail"]
    assert sales["verified"] is False and "PROFO" in sales["source_note"]


def test_declarations_are_listed_in_the_api_answer(client, reference_data):
    body = {**ISSUE_EXAMPLE, "has_overdue_debts": False}
    by_call = {r["call"]: r for r in post(client, body).json()["results"]}
    semilla = by_call["capital-semilla-emprende"]
    assert semilla["status"] == "eligible"
    assert len(semilla["declarations"]) == 2
    assert all(d.startswith("Al postular declararás que") for d in semilla["declarations"])
    refused = {r["call"]: r for r in post(client, {**body, "has_overdue_debts": True}).json()["results"]}
    assert refused["capital-semilla-emprende"]["status"] == "ineligible"
