from decimal import Decimal

import pytest

from panal.reference.firm_size import firm_size, sii_tramo

pytestmark = pytest.mark.usefixtures("reference_data")


def test_uf_of_the_last_day_of_2024(client):
    assert client.get("/api/v1/reference/uf?date=2024-12-31").json() == {"date": "2024-12-31", "value": 38416.69}


def test_uf_for_a_day_not_held_says_which_range_is_held_and_how_to_refresh(client):
    response = client.get("/api/v1/reference/uf?date=1999-12-31")
    assert response.status_code == 404
    detail = response.json()["detail"]
    assert "01-01-2000" in detail and "panal refresh-uf" in detail


@pytest.mark.parametrize("value", ["2024-13-01", "ayer", ""])
def test_uf_with_a_malformed_date_is_422_naming_the_field(client, value):
    response = client.get(f"/api/v1/reference/uf?date={value}")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "date"


@pytest.mark.parametrize(
    ("sales", "size", "tramo"),
    [
        ("0", "micro", 1),
        ("200", "micro", 2),
        ("2400", "micro", 4),
        ("2400.01", "pequena", 5),
        ("3000", "pequena", 5),
        ("25000", "pequena", 7),
        ("25000.01", "mediana", 8),
        ("100000", "mediana", 9),
        ("100000.01", "grande", 10),
        ("1000000", "grande", 12),
        ("1000000.01", "grande", 13),
    ],
)
def test_firm_size_and_sii_bracket_boundaries(sales, size, tramo):
    assert firm_size(Decimal(sales)) == size
    assert sii_tramo(Decimal(sales)) == tramo


def test_firm_size_api(client):
    assert client.get("/api/v1/reference/firm-size?annual_sales_uf=3000").json() == {
        "annual_sales_uf": 3000,
        "size": "pequena",
        "size_label": "Pequeña",
        "sii_tramo": 5,
        "sii_tramo_label": "Pequeña 1",
    }
    assert client.get("/api/v1/reference/firm-size?annual_sales_uf=2400.01").json()["size"] == "pequena"


@pytest.mark.parametrize("value", ["-1", "abc", "nan", "inf", ""])
def test_firm_size_with_negative_or_non_numeric_sales_is_422(client, value):
    response = client.get(f"/api/v1/reference/firm-size?annual_sales_uf={value}")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "annual_sales_uf"


def test_activity_search_finds_bakeries(client):
    rows = client.get("/api/v1/reference/activities?q=panader").json()
    assert "107100" in [r["code"] for r in rows]
    assert all("PANADER" in r["name"] or "PANADER" in r["subsector"] for r in rows)


def test_activity_search_needs_at_least_two_characters(client):
    response = client.get("/api/v1/reference/activities?q=a")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "q"


def test_sii_has_674_activity_codes():
    from panal.reference.models import EconomicActivity

    assert EconomicActivity.objects.count() == 674
