"""Huge numbers, NUL bytes and oversized lists in the eligibility API and wizard are refused, never a server error."""

import json

import pytest

URL = "/a-que-puedo-postular/"


@pytest.mark.parametrize(
    ("question", "answers"),
    [
        ("members", {"a_applicant_kind": "grupo", "answer": "9" * 5000}),
        ("project_investment_clp", {"a_applicant_kind": "persona", "answer": "9" * 5000}),
        ("annual_sales_uf", {"a_applicant_kind": "empresa", "answer": "1e999999"}),
        ("member_sales_uf", {"a_applicant_kind": "grupo", "answer": ["9" * 5000, "1"]}),
        ("member_sales_uf", {"a_applicant_kind": "grupo", "answer": ["\x00", "1"]}),
    ],
)
def test_the_wizard_refuses_huge_or_hostile_answers_with_a_message(client, reference_data, question, answers):
    response = client.post(URL, {"question": question, **answers})
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()


def test_a_hidden_list_of_many_firms_never_grows_the_page_beyond_the_cap(client, reference_data):
    hidden = ";".join(["3000"] * 10_000)
    response = client.post(URL, {"a_applicant_kind": "grupo", "a_members": "99999999", "a_member_sales_uf": hidden})
    assert response.status_code == 200
    assert response.content.decode().count('name="answer"') <= 60


def test_the_api_refuses_a_list_of_firms_beyond_500_and_huge_figures(client, reference_data):
    body = {"applicant_kind": "grupo", "member_sales_uf": [3000] * 10_000}
    response = client.post("/api/v1/eligibility", json.dumps(body), content_type="application/json")
    assert response.status_code == 422
    body = {"applicant_kind": "persona", "project_investment_clp": int("9" * 400)}
    response = client.post("/api/v1/eligibility", json.dumps(body), content_type="application/json")
    assert response.status_code == 422
