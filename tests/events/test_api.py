"""The HTTP API: agenda with seat counts, registration (201/200), cancellation, Spanish errors."""

import json
from datetime import datetime

import pytest

from panal.events.models import Registration


def post(client, activity_id, body):
    return client.post(
        f"/api/v1/activities/{activity_id}/registrations", json.dumps(body), content_type="application/json"
    )


def test_activities_are_filtered_and_carry_seat_counts(client, make_activity, register):
    workshop = make_activity(title="Taller en Rancagua", capacity=2, commune="06101", type="taller")
    make_activity(title="Feria en Santa Cruz", commune="06310", type="feria")
    make_activity(title="Charla en Rancagua", commune="06101", type="charla")
    register(workshop, "a@example.cl")
    register(workshop, "b@example.cl")
    register(workshop, "c@example.cl")

    year = workshop.edition.year
    response = client.get(f"/api/v1/activities?edition={year}&commune=06101&type=taller")
    assert response.status_code == 200
    rows = response.json()
    assert [r["title"] for r in rows] == ["Taller en Rancagua"]
    row = rows[0]
    assert (row["capacity"], row["confirmed"], row["waitlisted"], row["seats_left"]) == (2, 2, 1, 0)
    assert row["commune"] == "06101" and row["type"] == "taller" and row["organizer"] == "sercotec"
    assert datetime.fromisoformat(row["start"]) == workshop.starts_at

    unlimited = client.get(f"/api/v1/activities?edition={year}&type=feria").json()[0]
    assert (unlimited["capacity"], unlimited["seats_left"]) == (None, None)
    assert client.get("/api/v1/activities?edition=2019").json() == []


def test_activity_list_stays_within_a_fixed_number_of_queries(client, make_activity, django_assert_max_num_queries):
    for i in range(12):
        make_activity(title=f"Actividad {i}", capacity=10)
    with django_assert_max_num_queries(3):
        assert len(client.get("/api/v1/activities").json()) == 12


def test_unknown_filter_values_get_a_spanish_422(client, reference_data):
    response = client.get("/api/v1/activities?type=fiesta&commune=6101")
    assert response.status_code == 422
    fields = {e["field"] for e in response.json()["errors"]}
    assert fields == {"type", "commune"}
    assert "debe ser uno de" in response.json()["detail"]


def test_registering_twice_answers_201_then_200_already_registered_without_the_code(client, make_activity):
    activity = make_activity(capacity=1)
    first = post(client, activity.pk, {"name": "Ana", "email": "ana@example.cl", "rut": "12.345.678-5"})
    assert first.status_code == 201
    body = first.json()
    assert body["status"] == "confirmed" and body["position"] is None and body["code"]
    again = post(client, activity.pk, {"name": "Ana", "email": "ANA@example.cl"})
    assert again.status_code == 200
    assert again.json() == {"code": None, "status": "already_registered", "position": None}
    waiting = post(client, activity.pk, {"name": "Beto", "email": "beto@example.cl", "commune": "06101"})
    assert waiting.status_code == 201
    assert waiting.json()["status"] == "waitlisted" and waiting.json()["position"] == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "Ana", "email": "sin-arroba"}, "email"),
        ({"name": "Ana", "email": "ana@example.cl", "rut": "11.111.111-2"}, "rut"),
        ({"name": "", "email": "ana@example.cl"}, "name"),
    ],
)
def test_bad_registrations_get_400_naming_the_field_and_change_nothing(client, make_activity, body, field):
    activity = make_activity(capacity=5)
    response = post(client, activity.pk, body)
    assert response.status_code == 400
    assert response.json()["field"] == field
    assert Registration.objects.count() == 0


def test_missing_email_is_a_422_in_spanish(client, make_activity):
    activity = make_activity()
    response = post(client, activity.pk, {"name": "Ana"})
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "email", "message": "El campo «email» es obligatorio."}]


def test_registration_for_a_past_activity_is_refused(client, make_activity, past_edition):
    activity = make_activity(on_edition=past_edition)
    response = post(client, activity.pk, {"name": "Ana", "email": "ana@example.cl"})
    assert response.status_code == 400
    assert "ya se realizó" in response.json()["detail"]


def test_registration_for_a_missing_activity_is_404(client, reference_data):
    response = post(client, 987654, {"name": "Ana", "email": "ana@example.cl"})
    assert response.status_code == 404


def test_delete_cancels_and_promotes(client, make_activity):
    activity = make_activity(capacity=1)
    first = post(client, activity.pk, {"name": "Ana", "email": "ana@example.cl"}).json()
    second = post(client, activity.pk, {"name": "Beto", "email": "beto@example.cl"}).json()
    response = client.delete(f"/api/v1/registrations/{first['code']}")
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    assert client.get(f"/api/v1/registrations/{second['code']}").json()["status"] == "confirmed"
    listed = client.get(f"/api/v1/activities/{activity.pk}").json()
    assert (listed["confirmed"], listed["waitlisted"], listed["seats_left"]) == (1, 0, 0)


def test_delete_of_an_unknown_code_is_404_and_changes_nothing(client, make_activity, register):
    activity = make_activity(capacity=1)
    register(activity, "a@example.cl")
    response = client.delete("/api/v1/registrations/no-existe")
    assert response.status_code == 404
    assert "No existe una inscripción" in response.json()["detail"]
    assert Registration.objects.get().status == "confirmed"


def test_api_never_publishes_personal_data(client, make_activity, register):
    activity = make_activity(capacity=3)
    register(activity, "secreta@example.cl", name="Nombre Privado", rut="12.345.678-5")
    text = client.get("/api/v1/activities").content.decode()
    assert "secreta@example.cl" not in text and "Nombre Privado" not in text and "12345678" not in text


def test_activity_list_comes_in_pages_with_the_total_and_a_link_to_the_next(client, make_activity):
    for i in range(5):
        make_activity(title=f"Actividad {i}", hour=8 + i)
    first = client.get("/api/v1/activities?type=taller&limit=2")
    assert [r["title"] for r in first.json()] == ["Actividad 0", "Actividad 1"]
    assert first["X-Total-Count"] == "5"
    assert first["Link"].endswith('/api/v1/activities?type=taller&limit=2&offset=2>; rel="next"')
    last = client.get("/api/v1/activities?type=taller&limit=2&offset=4")
    assert [r["title"] for r in last.json()] == ["Actividad 4"]
    assert last["X-Total-Count"] == "5" and not last.has_header("Link")
    assert client.get("/api/v1/activities?offset=9").json() == []


@pytest.mark.parametrize("query", ["limit=0", "limit=501", "offset=-1", "limit=dos"])
def test_a_page_size_out_of_range_is_a_spanish_422_naming_the_field(client, reference_data, query):
    response = client.get(f"/api/v1/activities?{query}")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == query.split("=")[0]


def test_seat_counts_in_the_kept_list_change_at_once_with_a_registration_or_cancellation(
    client, make_activity, register
):
    activity = make_activity(capacity=2)
    assert client.get("/api/v1/activities").json()[0]["seats_left"] == 2  # now kept for visitors
    registration = register(activity, "a@example.cl").registration
    assert client.get("/api/v1/activities").json()[0]["seats_left"] == 1
    assert client.delete(f"/api/v1/registrations/{registration.code}").status_code == 200
    assert client.get("/api/v1/activities").json()[0]["seats_left"] == 2
    activity.capacity = 5
    activity.save()
    assert client.get("/api/v1/activities").json()[0]["seats_left"] == 5


def test_the_kept_activity_list_costs_one_query(client, make_activity, django_assert_max_num_queries):
    make_activity(capacity=10)
    client.get("/api/v1/activities")
    with django_assert_max_num_queries(1):  # the data version; the page itself is kept
        assert len(client.get("/api/v1/activities").json()) == 1
