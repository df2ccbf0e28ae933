import pytest

from panal.registry.demo import load_demo
from panal.registry.models import Cooperative, Enterprise, Person
from panal.territory.models import Commune

pytestmark = pytest.mark.usefixtures("reference_data")


def test_demo_is_labelled_spread_over_the_region_and_idempotent():
    summary = load_demo()
    assert "240 personas" in summary
    people = Person.objects.all()
    assert people.filter(is_sample=False).count() == 0
    assert all(p.last_names.endswith("(ejemplo)") for p in people)
    region_communes = set(Commune.objects.filter(region_id="06").values_list("code", flat=True))
    assert set(people.values_list("commune_id", flat=True)) == region_communes  # all 33 communes
    sizes = set(Enterprise.objects.exclude(size="").values_list("size", flat=True))
    assert {"micro", "pequena"} <= sizes
    assert Cooperative.objects.values("cooperative_class").distinct().count() >= 6
    counts = (Person.objects.count(), Enterprise.objects.count(), Cooperative.objects.count())
    assert "0 personas, 0 empresas y 0 cooperativas" in load_demo()
    assert (Person.objects.count(), Enterprise.objects.count(), Cooperative.objects.count()) == counts
