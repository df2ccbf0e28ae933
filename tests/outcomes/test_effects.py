"""The estimates recover a known effect (and a null) by both methods, and refuse to guess on a small call."""

import json

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

EFFECT = 40.0


def _effect(client, method, indicator="ventas_uf"):
    response = client.get(
        "/api/v1/outcomes/effects",
        {
            "instrument": "capital-abeja-emprende",
            "year": 2022,
            "region": "06",
            "indicator": indicator,
            "method": method,
        },
    )
    assert response.status_code == 200, response.content
    return response.json()


@pytest.mark.parametrize("method", ["did", "rd"])
def test_a_known_effect_on_sales_is_recovered_within_its_interval(client, build_call, method):
    build_call(600, EFFECT)
    body = _effect(client, method)
    assert body["estimate"] is not None, body["warnings"]
    assert body["ci_low"] <= EFFECT <= body["ci_high"]
    assert body["ci_low"] > 0  # and it is told apart from no effect
    assert body["n_treated"] >= 30 and body["n_control"] >= 30
    assert set(body) == {
        "instrument", "year", "region", "indicator", "method", "estimate", "std_error", "ci_low", "ci_high",
        "n_treated", "n_control", "bandwidth", "first_stage", "warnings",
    }  # fmt: skip
    if method == "rd":
        assert body["bandwidth"] > 0 and 0.5 < body["first_stage"] <= 1


@pytest.mark.parametrize("method", ["did", "rd"])
def test_no_effect_gives_an_interval_around_zero(client, build_call, method):
    build_call(600, 0.0, seed=11)
    body = _effect(client, method)
    assert body["estimate"] is not None, body["warnings"]
    assert body["ci_low"] <= 0 <= body["ci_high"]


@pytest.mark.parametrize("method", ["did", "rd"])
def test_a_small_call_says_datos_insuficientes_and_gives_no_number(client, build_call, method):
    build_call(40, EFFECT)
    body = _effect(client, method)
    assert body["estimate"] is None and body["ci_low"] is None and body["ci_high"] is None
    assert "datos insuficientes" in body["warnings"][0].lower()


def test_the_command_prints_the_same_json_object(build_call, capsys):
    build_call(600, EFFECT)
    call_command(
        "outcomes_effects", instrument="capital-abeja-emprende", year=2022, indicator="ventas_uf", method="did"
    )
    body = json.loads(capsys.readouterr().out)
    assert body["method"] == "did" and body["ci_low"] <= EFFECT <= body["ci_high"]


def test_an_unknown_indicator_or_method_is_refused_in_spanish(client, build_call):
    build_call(40, EFFECT)
    response = client.get(
        "/api/v1/outcomes/effects",
        {"instrument": "capital-abeja-emprende", "year": 2022, "indicator": "felicidad", "method": "did"},
    )
    assert response.status_code == 422
    assert "indicator" in response.json()["detail"]
    response = client.get(
        "/api/v1/outcomes/effects", {"instrument": "no-existe", "year": 2022, "indicator": "ventas_uf", "method": "rd"}
    )
    assert response.status_code == 404
