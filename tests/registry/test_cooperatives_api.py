"""Public cooperatives API: filters, figures the Seremi quotes, no personal data, Spanish errors."""

import pytest

from panal.registry import services

pytestmark = pytest.mark.usefixtures("reference_data")


@pytest.fixture
def cooperatives():
    rep = services.create_person(
        rut="12.345.678-5", first_names="Ana", last_names="Soto", email="ana@example.cl", birth_date="1980-01-01"
    )
    services.create_enterprise(
        rut="77.777.777-7",
        legal_name="Cooperativa Campesina Lolol",
        commune="Lolol",
        legal_representative=rep,
        cooperative={
            "cooperative_class": "campesina",
            "members_men": 10,
            "members_women": 14,
            "in_good_standing": True,
        },
    )
    services.create_enterprise(
        rut="76.123.456-0",
        legal_name="Cooperativa Pesquera Bucalemu",
        commune="Paredones",
        cooperative={"cooperative_class": "pesquera", "members_men": 20, "members_women": 5, "in_good_standing": False},
    )
    services.create_enterprise(
        rut="76.543.210-3",
        legal_name="Cooperativa de Trabajo Santiago",
        commune="Santiago",
        cooperative={"cooperative_class": "trabajo", "members_women": 3},
    )
    services.create_enterprise(rut="96.500.000-3", legal_name="No es cooperativa SpA", commune="Rancagua")


def test_list_filters_by_region_class_and_vigente(client, cooperatives):
    response = client.get("/api/v1/cooperatives", {"region": "06", "class": "campesina", "vigente": "true"})
    assert response.status_code == 200
    assert response.json() == [
        {
            "name": "Cooperativa Campesina Lolol",
            "rut": "77.777.777-7",
            "class": "campesina",
            "commune": "06304",
            "commune_name": "Lolol",
            "members": 24,
            "vigente": True,
        }
    ]
    names = [row["name"] for row in client.get("/api/v1/cooperatives", {"region": "06"}).json()]
    assert names == ["Cooperativa Campesina Lolol", "Cooperativa Pesquera Bucalemu"]
    assert len(client.get("/api/v1/cooperatives").json()) == 3


def test_no_personal_data_of_natural_persons_in_the_public_api(client, cooperatives):
    body = (
        client.get("/api/v1/cooperatives").content.decode() + client.get("/api/v1/cooperatives/stats").content.decode()
    )
    for secret in ("12.345.678-5", "12345678-5", "ana@example.cl", "Soto", "1980"):
        assert secret not in body


def test_stats_counts_members_and_share_of_women_by_class_and_commune(client, cooperatives):
    data = client.get("/api/v1/cooperatives/stats", {"region": "06"}).json()
    assert (data["cooperatives"], data["members"], data["members_women"]) == (2, 49, 19)
    assert data["women_share"] == round(19 / 49, 4)
    assert [(row["class"], row["members"]) for row in data["by_class"]] == [("campesina", 24), ("pesquera", 25)]
    by_code = [(row["commune"], row["commune_name"], row["cooperatives"]) for row in data["by_commune"]]
    assert by_code == [("06206", "Paredones", 1), ("06304", "Lolol", 1)]


def test_bad_filters_get_spanish_errors(client, cooperatives):
    response = client.get("/api/v1/cooperatives", {"class": "bancaria"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "class"
    assert client.get("/api/v1/cooperatives", {"region": "6x"}).status_code == 422
    missing = client.get("/api/v1/cooperatives/stats", {"region": "99"})
    assert missing.status_code == 404 and "región" in missing.json()["detail"]
