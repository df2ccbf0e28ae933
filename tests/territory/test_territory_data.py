import pytest
from django.core.management import call_command
from django.db.models import Sum

from panal.territory import selectors
from panal.territory.models import Commune, CommuneAlias, Province, Region

pytestmark = pytest.mark.usefixtures("reference_data")


def test_chile_has_16_regions_56_provinces_and_346_communes():
    assert Region.objects.count() == 16
    assert Province.objects.count() == 56
    assert Commune.objects.count() == 346


def test_national_population_is_the_censo_2024_total():
    assert Commune.objects.aggregate(total=Sum("population"))["total"] == 18_480_432


def test_ohiggins_has_33_communes_in_three_provinces():
    by_province = {p.code: p.commune_count for p in selectors.provinces_with_communes("06")}
    assert by_province == {"061": 17, "062": 6, "063": 10}
    assert Region.objects.get(code="06").name == "Región del Libertador General Bernardo O'Higgins"


def test_commune_keeps_census_population_and_seat_coordinates():
    rancagua = Commune.objects.get(code="06101")
    assert rancagua.name == "Rancagua"
    assert rancagua.population == 257_744
    assert rancagua.latitude is not None and rancagua.longitude is not None


@pytest.mark.parametrize("written", ["Marchigüe", "Marchihue", "MARCHIGÜE", "marchigue", "  Marchihue ", "06204"])
def test_commune_is_found_by_any_spelling(written):
    assert selectors.find_commune(written).code == "06204"


def test_unknown_commune_name_finds_nothing():
    assert selectors.find_commune("Gotham") is None


def test_loading_reference_data_twice_changes_nothing():
    before = (
        list(Region.objects.values_list("code", "name")),
        list(Commune.objects.values_list("code", "name", "population", "latitude")),
        CommuneAlias.objects.count(),
    )
    call_command("load_reference", stdout=open("/dev/null", "w"))  # noqa: SIM115
    after = (
        list(Region.objects.values_list("code", "name")),
        list(Commune.objects.values_list("code", "name", "population", "latitude")),
        CommuneAlias.objects.count(),
    )
    assert before == after
