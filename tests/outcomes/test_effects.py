"""The estimates recover a known effect (and a null) by both methods, and refuse to guess on a small call."""

import json

import pytest
from django.core.management import call_command

from tests.module_data import loaded_once_per_module
from tests.outcomes.conftest import build_synthetic_call

pytestmark = pytest.mark.django_db

EFFECT = 40.0

# Each class's tests read one imported call (600 firms take seconds to import): it is imported once per class.
known_effect = loaded_once_per_module(lambda: build_synthetic_call(600, EFFECT), scope="class")
no_effect = loaded_once_per_module(lambda: build_synthetic_call(600, 0.0, seed=11), scope="class")
small_call = loaded_once_per_module(lambda: build_synthetic_call(40, EFFECT), scope="class")


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


@pytest.mark.usefixtures("known_effect")
class TestAKnownEffectOnSales:
    @pytest.mark.parametrize("method", ["did", "rd"])
    def test_is_recovered_within_its_interval(self, client, method):
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

    def test_the_command_prints_the_same_json_object(self, capsys):
        call_command(
            "outcomes_effects", instrument="capital-abeja-emprende", year=2022, indicator="ventas_uf", method="did"
        )
        body = json.loads(capsys.readouterr().out)
        assert body["method"] == "did" and body["ci_low"] <= EFFECT <= body["ci_high"]


@pytest.mark.usefixtures("no_effect")
class TestNoEffect:
    @pytest.mark.parametrize("method", ["did", "rd"])
    def test_gives_an_interval_around_zero(self, client, method):
        body = _effect(client, method)
        assert body["estimate"] is not None, body["warnings"]
        assert body["ci_low"] <= 0 <= body["ci_high"]


@pytest.mark.usefixtures("small_call")
class TestASmallCall:
    @pytest.mark.parametrize("method", ["did", "rd"])
    def test_says_datos_insuficientes_and_gives_no_number(self, client, method):
        body = _effect(client, method)
        assert body["estimate"] is None and body["ci_low"] is None and body["ci_high"] is None
        assert "datos insuficientes" in body["warnings"][0].lower()

    def test_an_unknown_indicator_or_method_is_refused_in_spanish(self, client):
        response = client.get(
            "/api/v1/outcomes/effects",
            {"instrument": "capital-abeja-emprende", "year": 2022, "indicator": "felicidad", "method": "did"},
        )
        assert response.status_code == 422
        assert "indicator" in response.json()["detail"]
        response = client.get(
            "/api/v1/outcomes/effects",
            {"instrument": "no-existe", "year": 2022, "indicator": "ventas_uf", "method": "rd"},
        )
        assert response.status_code == 404
