from datetime import date
from decimal import Decimal

import pytest

from panal.core.errors import DomainError
from panal.core.models import AuditEntry
from panal.registry import selectors, services
from panal.registry.models import Cooperative, Enterprise, Person

pytestmark = pytest.mark.usefixtures("reference_data")


def make_person(**kw):
    data = {
        "rut": "12.345.678-5",
        "first_names": "Ana María",
        "last_names": "Soto Pérez",
        "birth_date": "1988-03-14",
        "sex": "F",
        "nationality": "CL",
        "commune": "Pichilemu",
        "has_activity_start": False,
    }
    data.update(kw)
    return services.create_person(**data)


def test_person_profile_has_exactly_the_agreed_keys_and_values():
    person = make_person(registries=["RPA"])
    profile = selectors.eligibility_profile(person=person, as_of=date(2024, 5, 20))
    assert tuple(profile) == selectors.PROFILE_KEYS
    assert profile["applicant_kind"] == "persona"
    assert profile["birth_date"] == date(1988, 3, 14)
    assert profile["sex"] == "F"
    assert profile["commune"] == "06201"
    assert profile["has_activity_start"] is False
    assert profile["registries"] == ["RPA"]
    assert profile["annual_sales_uf"] is None


def test_enterprise_profile_uses_latest_sales_and_its_legal_representative():
    rep = make_person()
    firm = services.create_enterprise(
        rut="76.123.456-0",
        legal_name="Panadería Soto SpA",
        legal_form="SpA",
        activity_start_date="2019-04-01",
        commune="06101",
        years=[{"year": 2022, "sales_uf": "1800"}, {"year": 2023, "sales_uf": "2600,5", "employees": 4}],
        legal_representative=rep,
    )
    firm.refresh_from_db()
    assert firm.size == "pequena" and firm.sii_tramo == 5 and firm.annual_sales_uf == Decimal("2600.50")
    profile = selectors.eligibility_profile(enterprise=firm, as_of=date(2024, 5, 20))
    assert profile["applicant_kind"] == "empresa"
    assert profile["sex"] == "F" and profile["birth_date"] == date(1988, 3, 14)
    assert profile["has_activity_start"] is True
    assert profile["annual_sales_uf"] == Decimal("2600.50")


def test_cooperative_profile_and_iter_profiles():
    make_person()
    services.create_enterprise(
        rut="77.777.777-7",
        legal_name="Cooperativa Campesina Lolol",
        commune="LOLOL",
        cooperative={
            "cooperative_class": "campesina",
            "members_men": 10,
            "members_women": 14,
            "in_good_standing": "sí",
        },
    )
    rows = list(selectors.iter_profiles(as_of=date(2024, 1, 1)))
    kinds = sorted(kind for kind, _, _ in rows)
    assert kinds == ["cooperativa", "persona"]
    coop = next(p for kind, _, p in rows if kind == "cooperativa")
    assert coop["members"] == 24 and coop["cooperative_class"] == "campesina" and coop["in_good_standing"] is True


def test_invalid_person_changes_nothing():
    with pytest.raises(DomainError) as err:
        make_person(commune="Atlántida")
    assert err.value.field == "commune"
    assert not Person.objects.exists() and not AuditEntry.objects.filter(action__startswith="registry").exists()
    assert not Enterprise.objects.exists()


def test_cooperative_changes_are_audited_with_before_and_after():
    firm = services.create_enterprise(
        rut="77.777.777-7", legal_name="Cooperativa", cooperative={"cooperative_class": "campesina", "members_women": 5}
    )
    created = AuditEntry.objects.get(action="registry.cooperative.set")
    assert created.before is None and created.after["members_women"] == 5
    services.set_cooperative(enterprise=firm, members_women=7, reason="asamblea 2024")
    change = AuditEntry.objects.filter(action="registry.cooperative.set").order_by("-id").first()
    assert (change.before, change.after, change.reason) == ({"members_women": 5}, {"members_women": 7}, "asamblea 2024")
    with pytest.raises(DomainError) as err:
        services.set_cooperative(enterprise=firm, members_women=0)
    assert "al menos un socio" in err.value.message
    assert Cooperative.objects.get(enterprise=firm).members_women == 7
