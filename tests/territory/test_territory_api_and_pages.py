import pytest

pytestmark = pytest.mark.usefixtures("reference_data")


def test_api_lists_the_regions(client):
    data = client.get("/api/v1/territory/regions").json()
    assert len(data) == 16
    assert {"code": "06", "name": "Región del Libertador General Bernardo O'Higgins"}.items() <= data[5].items()


def test_api_lists_the_communes_of_a_region(client):
    data = client.get("/api/v1/territory/communes?region=06").json()
    assert len(data) == 33
    assert {
        "code": "06101",
        "name": "Rancagua",
        "province_code": "061",
        "province_name": "Cachapoal",
        "region_code": "06",
        "population": 257744,
    }.items() <= data[0].items()


def test_api_unknown_region_is_404_with_a_spanish_message(client):
    response = client.get("/api/v1/territory/communes?region=99")
    assert response.status_code == 404
    assert "No existe la región" in response.json()["detail"]


@pytest.mark.parametrize("query", ["region=6", "region=abc", "province=6x1"])
def test_api_malformed_code_is_422_naming_the_field(client, query):
    response = client.get(f"/api/v1/territory/communes?{query}")
    assert response.status_code == 422
    field = query.split("=")[0]
    assert response.json()["errors"][0]["field"] == field
    assert f"«{field}»" in response.json()["detail"]


def test_api_unknown_commune_code_is_404(client):
    response = client.get("/api/v1/territory/communes/06999")
    assert response.status_code == 404
    assert "06999" in response.json()["detail"]


def test_region_page_lists_its_provinces_and_communes(client):
    html = client.get("/territorio/regiones/06/").content.decode()
    assert "Cardenal Caro" in html and "Marchigüe" in html
    assert "33" in html  # communes


def test_commune_page_shows_population_in_chilean_format_and_a_map_link(client):
    html = client.get("/territorio/comunas/06101/").content.decode()
    assert "257.744" in html
    assert "openstreetmap.org/?mlat=-34.1708" in html


def test_unknown_region_or_commune_page_is_404_with_a_message(client):
    response = client.get("/territorio/regiones/42/")
    assert response.status_code == 404
    assert "No existe la región con código «42»" in response.content.decode()
    assert client.get("/territorio/comunas/00000/").status_code == 404
