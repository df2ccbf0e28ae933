"""Each shipped instrument's rules at their boundaries, through the engine; the profile at as_of 2024-05-20, ages and
time since activity start at each call's opening (Abeja 07-05-2024, Semilla 18-03-2024, Crece 02-04-2024, PAR
08-04-2024)."""

from datetime import date
from decimal import Decimal

import pytest

from .conftest import outcome

ABEJA = {"applicant_kind": "persona", "sex": "F", "commune": "06101", "has_activity_start": False}


def test_a_woman_who_turns_18_on_the_calls_opening_day_is_eligible_for_capital_abeja(verdicts):
    result = verdicts(**ABEJA, birth_date=date(2006, 5, 7))["capital-abeja-emprende"]
    assert result["reference_date"] == date(2024, 5, 7)
    assert result["status"] == "eligible"
    assert outcome(result, "mayor-de-edad") == "pass"


def test_a_woman_who_turns_18_the_day_after_the_opening_is_not_eligible_even_if_18_when_checked(verdicts):
    result = verdicts(**ABEJA, birth_date=date(2006, 5, 8))["capital-abeja-emprende"]  # 18 on 08-05, checked 20-05
    assert result["status"] == "ineligible"
    failed = [c for c in result["criteria"] if c["outcome"] == "fail"]
    assert [c["id"] for c in failed] == ["mayor-de-edad"]
    assert "18 años" in failed[0]["message"]
    assert failed[0]["hint"]


def test_age_for_someone_born_on_29_february_is_reached_on_1_march():
    from panal.eligibility.engine import derive

    profile = {"applicant_kind": "persona", "birth_date": date(2004, 2, 29)}
    assert derive(profile, at=date(2022, 2, 28))["age"] == 17
    assert derive(profile, at=date(2022, 3, 1))["age"] == 18


def test_capital_abeja_is_only_for_women_without_activity_start(verdicts):
    man = verdicts(**{**ABEJA, "sex": "M"}, birth_date=date(1990, 1, 1))["capital-abeja-emprende"]
    formal = verdicts(**{**ABEJA, "has_activity_start": True}, birth_date=date(1990, 1, 1))["capital-abeja-emprende"]
    assert outcome(man, "mujer") == "fail"
    assert outcome(formal, "sin-inicio-actividades") == "fail"
    assert man["status"] == formal["status"] == "ineligible"


def test_capital_semilla_is_open_to_men_and_women_of_18_without_activity_start(verdicts):
    for sex in ("F", "M", "X"):
        result = verdicts(**{**ABEJA, "sex": sex}, birth_date=date(2006, 3, 18))["capital-semilla-emprende"]
        assert result["status"] == "eligible"


CRECE = {"applicant_kind": "empresa", "commune": "06101", "has_activity_start": True}


@pytest.mark.parametrize(
    ("sales", "status"),
    [("199.99", "ineligible"), ("200", "eligible"), ("25000", "eligible"), ("25000.01", "ineligible")],
)
def test_sercotec_crece_sales_between_200_and_25000_uf(verdicts, sales, status):
    result = verdicts(**CRECE, activity_start_date=date(2020, 1, 1), annual_sales_uf=Decimal(sales))
    assert result["sercotec-crece"]["status"] == status


@pytest.mark.parametrize(
    ("started", "status"),
    [
        (date(2024, 1, 2), "eligible"),  # 3 months at the opening (02-04-2024)
        (date(2024, 1, 3), "ineligible"),  # one day short of 3 months at the opening
        (date(2023, 4, 3), "eligible"),  # 11 months at the opening, though over a year old when checked
        (date(2023, 4, 2), "ineligible"),  # a full year at the opening: back to the 200 UF floor
    ],
)
def test_sercotec_crece_admits_a_firm_under_one_year_with_20_uf_and_three_months_at_the_opening(
    verdicts, started, status
):
    result = verdicts(**CRECE, activity_start_date=started, annual_sales_uf=Decimal(20), as_of=date(2024, 4, 25))
    assert result["sercotec-crece"]["status"] == status


def test_a_firm_started_on_20_january_had_under_three_months_at_crece_opening_though_checked_in_late_april(verdicts):
    result = verdicts(
        **CRECE, activity_start_date=date(2024, 1, 20), annual_sales_uf=Decimal(50), as_of=date(2024, 4, 25)
    )["sercotec-crece"]
    assert result["status"] == "ineligible"
    assert outcome(result, "ventas") == "fail"


def test_a_firm_eleven_and_a_half_months_old_at_crece_opening_is_not_refused_for_passing_a_year_later(verdicts):
    result = verdicts(
        **CRECE, activity_start_date=date(2023, 4, 17), annual_sales_uf=Decimal(50), as_of=date(2024, 4, 25)
    )["sercotec-crece"]
    assert result["status"] == "eligible"


def test_sercotec_crece_cooperatives_need_less_than_25000_uf_per_member_and_not_financial(verdicts):
    coop = {"applicant_kind": "cooperativa", "commune": "06101", "has_activity_start": True, "members": 4}
    below = verdicts(**coop, annual_sales_uf=Decimal("99999.99"), cooperative_class="trabajo")["sercotec-crece"]
    exactly = verdicts(**coop, annual_sales_uf=Decimal("100000"), cooperative_class="trabajo")["sercotec-crece"]
    financial = verdicts(**coop, annual_sales_uf=Decimal(1000), cooperative_class="ahorro_credito")["sercotec-crece"]
    assert below["status"] == "eligible"
    assert exactly["status"] == "ineligible"
    assert outcome(financial, "cooperativa-no-financiera") == "fail"


PAR = {"applicant_kind": "empresa", "commune": "06301", "has_activity_start": True, "in_emergency_register": True}


@pytest.mark.parametrize(("sales", "status"), [("100000", "eligible"), ("100000.01", "ineligible")])
def test_corfo_par_sales_up_to_100000_uf(verdicts, sales, status):
    result = verdicts(**PAR, activity_start_date=date(2020, 3, 1), annual_sales_uf=Decimal(sales))
    assert result["corfo-par"]["status"] == status


@pytest.mark.parametrize(("started", "status"), [(date(2023, 4, 8), "eligible"), (date(2023, 4, 9), "ineligible")])
def test_corfo_par_needs_one_year_since_activity_start_at_its_opening(verdicts, started, status):
    result = verdicts(**PAR, activity_start_date=started, annual_sales_uf=Decimal(5000))["corfo-par"]
    assert result["status"] == status
    assert outcome(result, "un-ano-de-antiguedad") == ("pass" if status == "eligible" else "fail")


def test_red_asociativa_needs_five_firms(verdicts):
    four = verdicts(applicant_kind="grupo", commune="06101", member_sales_uf=[Decimal(40000)] * 4)
    assert outcome(four["corfo-red-asociativa"], "al-menos-5-empresas") == "fail"


@pytest.mark.parametrize(
    ("commune", "status", "failing"),
    [("06201", "eligible", []), ("06101", "ineligible", ["focalizacion-provincia"]), ("13101", "ineligible", None)],
)
def test_activa_inversion_2024_is_focused_on_cardenal_caro(verdicts, commune, status, failing):
    result = verdicts(
        applicant_kind="persona", commune=commune, has_activity_start=True, project_investment_clp=12_000_000
    )["corfo-activa-inversion"]
    assert result["status"] == status
    failed = [c["id"] for c in result["criteria"] if c["outcome"] == "fail"]
    if failing is not None:
        assert failed == failing
    else:
        assert "region" in failed and "inicio-actividades-en-la-region" in failed


def test_indespa_needs_rpa_or_rna(verdicts):
    base = {"applicant_kind": "persona", "sex": "F", "commune": "06201"}
    assert verdicts(**base, registries=["RNA"])["indespa-capital-semilla"]["status"] == "eligible"
    assert verdicts(**base, registries=["ROA"])["indespa-capital-semilla"]["status"] == "ineligible"
    assert verdicts(**base, registries=[])["indespa-capital-semilla"]["status"] == "ineligible"
    unknown = verdicts(**base)["indespa-capital-semilla"]
    assert unknown["status"] == "incomplete"
    assert unknown["missing"] == ["registries"]


def test_cooperatives_creation_needs_five_members_and_a_representative_with_activity_start(verdicts):
    group = {"applicant_kind": "grupo", "commune": "06101", "has_activity_start": True}
    assert verdicts(**group, members=5)["sercotec-cooperativas-creacion"]["status"] == "eligible"
    assert verdicts(**group, members=4)["sercotec-cooperativas-creacion"]["status"] == "ineligible"


@pytest.mark.parametrize(
    ("sales", "members", "status"),
    [("0", None, "eligible"), ("125000", 5, "eligible"), ("125000.05", 5, "ineligible"), ("1000", None, "incomplete")],
)
def test_cooperatives_strengthening_sales_per_member_up_to_25000_uf(verdicts, sales, members, status):
    coop = {
        "applicant_kind": "cooperativa",
        "commune": "06101",
        "has_activity_start": True,
        "in_good_standing": True,
        "cooperative_class": "campesina",
    }
    result = verdicts(**coop, annual_sales_uf=Decimal(sales), members=members)
    assert result["sercotec-cooperativas-fortalecimiento"]["status"] == status


def test_cooperatives_strengthening_refuses_classes_outside_the_list(verdicts):
    coop = {"applicant_kind": "cooperativa", "commune": "06101", "has_activity_start": True, "in_good_standing": True}
    result = verdicts(**coop, cooperative_class="vivienda", annual_sales_uf=Decimal(0))
    assert outcome(result["sercotec-cooperativas-fortalecimiento"], "clase-de-cooperativa") == "fail"
