"""Attacks on the outcomes routes: guessed or tampered survey links, hostile API parameters, a double submit."""

import threading
import time

import pytest
from django.db import OperationalError, connection

from panal.outcomes import services
from panal.outcomes.models import FollowUp, Observation
from tests.outcomes.conftest import build_call as _build_call  # noqa: F401  (registers the fixture under this name)

pytestmark = pytest.mark.django_db


@pytest.fixture
def followup(_build_call):  # noqa: F811 (the imported fixture)
    call = _build_call(40, 0.0)
    rut = call.decision_snapshot.entries.first().rut
    item = FollowUp.objects.create(call=call, rut=rut, wave=12, due_on="2020-01-01")
    return item, services.issue_link_token(item)


@pytest.mark.parametrize("token", ["x", "a" * 500, "abc%00def", "../../admin", "' OR 1=1 --"])
def test_a_guessed_or_tampered_survey_link_reveals_nothing(client, followup, token):
    # 404 for a link that does not exist; 400 for one carrying invalid text (a NUL), refused before any lookup.
    expected = 400 if "%00" in token else 404
    response = client.get(f"/resultados/encuesta/{token}/")
    assert response.status_code == expected
    assert followup[0].call.title not in response.content.decode()
    response = client.post(f"/resultados/encuesta/{token}/", {"action": "accept"})
    assert response.status_code == expected
    assert FollowUp.objects.get().consent is None


def test_the_survey_page_never_leaks_its_link_to_another_site(client, followup):
    _, token = followup
    response = client.get(f"/resultados/encuesta/{token}/")
    assert response["Referrer-Policy"] == "same-origin" and "no-store" in response["Cache-Control"]


def test_a_new_invitation_link_replaces_the_old_one(client, followup):
    item, old = followup
    services.issue_link_token(item)
    assert client.get(f"/resultados/encuesta/{old}/").status_code == 404


def test_out_of_range_answers_are_refused_and_store_nothing(client, followup):
    _, token = followup
    client.post(f"/resultados/encuesta/{token}/", {"action": "accept"})
    page = client.post(
        f"/resultados/encuesta/{token}/",
        {"action": "answer", "sobrevivencia": "1", "ventas_clp": "-5", "trabajadores_hombres": "10" * 20},
    ).content.decode()
    assert "Revise las respuestas" in page
    assert not Observation.objects.filter(source="encuesta").exists()


@pytest.mark.parametrize(
    "params",
    [
        {"year": "99999"},
        {"year": "dos mil"},
        {"region": "6; DROP TABLE"},
        {"instrument": '=HYPERLINK("x")'},
        {"instrument": "a\x00b"},
        {"instrument": "a" * 5000},
        {"method": "ols"},
        {"indicator": "../../etc"},
    ],
)
def test_hostile_api_parameters_get_a_spanish_422(client, reference_data, params):
    query = {"instrument": "capital-abeja-emprende", "year": 2022, "indicator": "ventas_uf", "method": "did"} | params
    response = client.get("/api/v1/outcomes/effects", query)
    assert response.status_code == 422
    assert "El campo" in response.json()["detail"]


@pytest.mark.django_db(transaction=True)
def test_the_same_survey_answered_twice_at_once_is_stored_once(reference_data, _build_call):  # noqa: F811
    call = _build_call(40, 0.0)
    rut = call.decision_snapshot.entries.first().rut
    item = FollowUp.objects.create(call=call, rut=rut, wave=12, due_on="2020-01-01")
    token = services.issue_link_token(item)
    services.record_consent(token=token, accepted=True)
    errors, barrier = [], threading.Barrier(4)

    def answer():
        try:
            barrier.wait()
            for attempt in range(100):
                try:
                    services.answer_survey(token=token, values={"sobrevivencia": 1, "ventas_clp": 1000})
                    return
                except OperationalError as exc:  # SQLite's shared in-memory test DB may answer "locked": retry
                    if "locked" not in str(exc) or attempt == 99:
                        raise
                    time.sleep(0.02)
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=answer) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert Observation.objects.filter(source="encuesta", rut=rut).count() == 2
    assert FollowUp.objects.get(pk=item.pk).answered_at is not None
