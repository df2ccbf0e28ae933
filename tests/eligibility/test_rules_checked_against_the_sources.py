"""Issue 16's rules at their boundaries: each group firm's sales (hard rule 25), declarations under oath, Activa
Inversión's minimum investment and regional activity start (hard rule 24), PAR as a referential emergency call with
tiered caps (hard rules 20, 22), and calls that may have a sector focus (hard rules 13, 21, 26)."""

from decimal import Decimal

import pytest

from .conftest import outcome

GROUP = {"applicant_kind": "grupo", "commune": "06101"}


def _red(verdicts, sales):
    return verdicts(**GROUP, member_sales_uf=[Decimal(str(s)) for s in sales])["corfo-red-asociativa"]


def test_four_firms_at_100_uf_and_one_at_50000_are_refused_and_told_which_firms_fall_outside(verdicts):
    result = _red(verdicts, [100, 100, 100, 100, 50000])
    assert result["status"] == "ineligible"
    rule = next(c for c in result["criteria"] if c["id"] == "ventas-de-cada-empresa")
    assert rule["outcome"] == "fail"
    assert "empresa 1 (100 UF)" in rule["detail"] and "empresa 4 (100 UF)" in rule["detail"]
    assert "empresa 5" not in rule["detail"]
    assert "4 de 5" in rule["detail"]


def test_seven_firms_at_2500_and_three_at_100_pass_with_exactly_30_percent_outside(verdicts):
    result = _red(verdicts, [2500] * 7 + [100] * 3)
    assert result["status"] == "eligible"
    rule = next(c for c in result["criteria"] if c["id"] == "ventas-de-cada-empresa")
    assert "empresa 8 (100 UF)" in rule["detail"] and "3 de 10 (30%)" in rule["detail"]


@pytest.mark.parametrize(
    ("sales", "status"),
    [
        ([2400] * 5, "eligible"),  # the lower end is inside
        ([100000] * 5, "eligible"),  # the upper end is inside
        (["2399.99"] + [2400] * 4, "eligible"),  # 1 of 5 outside: 20%
        (["2399.99", "100000.01"] + [2400] * 3, "ineligible"),  # 2 of 5: 40%
        ([100] * 3 + [5000] * 7, "eligible"),  # 30%
        ([100] * 4 + [5000] * 9, "ineligible"),  # 4 of 13: 30.8%
    ],
)
def test_red_asociativa_counts_each_firm_not_the_group_average(verdicts, sales, status):
    assert _red(verdicts, sales)["status"] == status


def test_the_average_no_longer_decides_red_asociativa(verdicts):
    # Average 10,080 UF (inside the range), but 4 of 5 firms are micro: refused.
    assert _red(verdicts, [100, 100, 100, 100, 50000])["status"] == "ineligible"
    # Average 1,600 UF (below the range), yet only 1 of 5 firms is outside: admitted.
    assert _red(verdicts, [2400, 2400, 2400, 2400, "0"])["status"] == "eligible"


def test_red_asociativa_without_each_firms_sales_asks_for_them(verdicts):
    result = verdicts(**GROUP, members=6)["corfo-red-asociativa"]
    assert result["status"] == "incomplete"
    assert result["missing"] == ["member_sales_uf"]


def test_the_number_of_firms_is_the_length_of_member_sales(verdicts):
    result = _red(verdicts, [5000] * 4)
    assert outcome(result, "al-menos-5-empresas") == "fail"


SEMILLA = {"applicant_kind": "persona", "commune": "06101", "has_activity_start": False, "birth_date": "1990-01-01"}


@pytest.mark.parametrize("field", ["has_overdue_debts", "in_alimony_debtors_registry"])
def test_a_declared_exclusion_that_is_true_makes_capital_semilla_ineligible_with_the_reason(verdicts, field):
    result = verdicts(**SEMILLA, **{field: True})["capital-semilla-emprende"]
    assert result["status"] == "ineligible"
    failed = [c for c in result["criteria"] if c["outcome"] == "fail"]
    assert len(failed) == 1 and failed[0]["declaration"] and "no pueden postular" in failed[0]["message"]


@pytest.mark.parametrize("answer", [False, None])
def test_a_declaration_false_or_unknown_keeps_the_status_and_is_listed_to_declare(verdicts, answer):
    result = verdicts(**SEMILLA, has_overdue_debts=answer, in_alimony_debtors_registry=answer)
    semilla = result["capital-semilla-emprende"]
    assert semilla["status"] == "eligible"
    assert semilla["missing"] == []
    assert semilla["declarations"] == [
        "Al postular declararás que no tienes deudas laborales, previsionales ni tributarias morosas.",
        "Al postular declararás que no figuras en el Registro Nacional de Deudores de Pensiones de Alimentos.",
    ]


def test_an_unknown_declaration_never_turns_an_incomplete_result_into_asking_for_it(verdicts):
    semilla = verdicts(applicant_kind="persona", commune="06101", has_activity_start=False)["capital-semilla-emprende"]
    assert semilla["status"] == "incomplete"
    assert semilla["missing"] == ["birth_date"]


ACTIVA = {"applicant_kind": "persona", "commune": "06201", "has_activity_start": True}


@pytest.mark.parametrize(
    ("investment", "status"), [(11_999_999, "ineligible"), (12_000_000, "eligible"), (None, "incomplete")]
)
def test_activa_inversion_natural_persons_need_a_total_investment_of_12_million(verdicts, investment, status):
    result = verdicts(**ACTIVA, project_investment_clp=investment)["corfo-activa-inversion"]
    assert result["status"] == status
    rule = next(c for c in result["criteria"] if c["id"] == "inversion-minima-persona-natural")
    assert rule["referential"] and not rule["verified"]
    assert "Tarapacá" in rule["source_note"] and "2025" in rule["source_note"]


@pytest.mark.parametrize("kind", ["empresa", "cooperativa"])
def test_activa_inversion_admits_firms_of_any_legal_form_including_cooperatives(verdicts, kind):
    result = verdicts(**{**ACTIVA, "applicant_kind": kind})["corfo-activa-inversion"]
    assert result["status"] == "eligible"


def test_activa_inversion_needs_activity_start_in_the_region(verdicts):
    result = verdicts(**{**ACTIVA, "has_activity_start": False}, project_investment_clp=20_000_000)
    assert outcome(result["corfo-activa-inversion"], "inicio-actividades-en-la-region") == "fail"
    groups = verdicts(applicant_kind="grupo", commune="06201", has_activity_start=True)
    assert outcome(groups["corfo-activa-inversion"], "tipo-de-postulante") == "fail"


PAR = {
    "applicant_kind": "empresa",
    "commune": "06301",
    "has_activity_start": True,
    "activity_start_date": "2020-01-01",
}


def test_par_is_a_referential_call_that_names_where_its_rules_come_from(verdicts):
    result = verdicts(**PAR, annual_sales_uf=Decimal(1000), in_emergency_register=True)["corfo-par"]
    assert result["status"] == "eligible"
    assert any("Convocatoria referencial" in n and "Arica y Parinacota, 2021" in n for n in result["notices"])
    assert all(not c["verified"] for c in result["criteria"] if c["id"] != "region")


@pytest.mark.parametrize(
    ("sales", "cap"),
    [
        ("25000", "$3.000.000 y hasta el 70%"),
        ("25000.01", "$4.000.000 y hasta el 60%"),
        ("50000", "$4.000.000 y hasta el 60%"),
        ("50000.01", "$5.000.000 y hasta el 50%"),
        ("100000", "$5.000.000 y hasta el 50%"),
    ],
)
def test_par_caps_are_tiered_by_sales(verdicts, sales, cap):
    result = verdicts(**PAR, annual_sales_uf=Decimal(sales), in_emergency_register=True)["corfo-par"]
    assert any(cap in n for n in result["notices"])


@pytest.mark.parametrize(("register", "status"), [(True, "eligible"), (False, "ineligible"), (None, "incomplete")])
def test_the_emergency_par_requires_the_official_register_of_affected_firms(verdicts, register, status):
    result = verdicts(**PAR, annual_sales_uf=Decimal(1000), in_emergency_register=register)["corfo-par"]
    assert result["status"] == status


@pytest.mark.parametrize("call", ["capital-semilla-emprende", "corfo-par", "sercotec-crece"])
def test_a_call_whose_sector_list_is_unknown_says_it_may_have_a_sector_focus_and_where_to_check(verdicts, call):
    result = verdicts(applicant_kind="empresa", commune="06101")[call]
    notice = next(n for n in result["notices"] if "foco sectorial" in n)
    assert "http" in notice


def test_a_call_with_a_list_of_sii_codes_applies_it(reference_data):
    from panal.catalog import services
    from panal.eligibility.engine import evaluate

    call = services.create_call(
        code="turismo-06",
        instrument_code="corfo-par",
        title="PAR Turismo de prueba",
        year=2024,
        region_code="06",
        opens_at="2024-04-08T09:00",
        closes_at="2024-05-06T15:00",
        funding_source="fndr",
        focus_activity_codes=["551001", "561000"],
        sector_list_unknown=True,
    )
    profile = {**PAR, "annual_sales_uf": Decimal(1000), "as_of": "2024-05-20"}
    inside = evaluate({**profile, "activity_code": "561000"}, call)
    outside = evaluate({**profile, "activity_code": "479100"}, call)
    assert outcome(inside, "focalizacion-sector") == "pass"
    assert outcome(outside, "focalizacion-sector") == "fail" and outside["status"] == "ineligible"
    assert not any("foco sectorial" in n for n in inside["notices"])  # the list is known


def test_indespa_counts_a_current_rpa_registration(verdicts):
    result = verdicts(applicant_kind="persona", sex="F", commune="06201", registries=["RPA"])
    rule = next(c for c in result["indespa-capital-semilla"]["criteria"] if c["id"] == "registro-pesca-acuicultura")
    assert "vigente" in rule["message"]


def test_the_cooperative_creation_refusal_cites_the_funds_bases_not_the_cooperatives_law(verdicts):
    result = verdicts(applicant_kind="grupo", commune="06101", has_activity_start=True, members=4)
    rule = next(c for c in result["sercotec-cooperativas-creacion"]["criteria"] if c["id"] == "al-menos-5-integrantes")
    assert rule["outcome"] == "fail"
    assert "bases del fondo" in rule["message"] and "Ley" not in rule["message"]


def test_every_criterion_of_every_shipped_call_names_its_source(verdicts):
    results = verdicts(applicant_kind="empresa", commune="06201")
    for result in results.values():
        for criterion in result["criteria"]:
            assert criterion["source"].startswith("https://"), (result["call"], criterion["id"])
            assert criterion["verified"] is not criterion["referential"]
            if not criterion["verified"] and criterion["id"] != "region":
                assert criterion["source_note"] or result["notices"], (result["call"], criterion["id"])


def test_a_call_whose_bases_name_a_reference_date_counts_ages_there(reference_data):
    from datetime import date

    from panal.catalog import services
    from panal.eligibility.engine import evaluate

    call = services.create_call(
        code="abeja-con-fecha",
        instrument_code="capital-abeja-emprende",
        title="Capital Abeja con fecha de referencia",
        year=2024,
        region_code="06",
        opens_at="2024-05-07T09:00",
        closes_at="2024-06-11T15:00",
        funding_source="sernameg",
        rules_reference_date="2024-06-11",
    )
    assert call.reference_date == date(2024, 6, 11)
    woman = {"applicant_kind": "persona", "sex": "F", "commune": "06101", "has_activity_start": False}
    on_the_day = evaluate({**woman, "birth_date": "2006-06-11", "as_of": "2024-05-20"}, call)
    day_after = evaluate({**woman, "birth_date": "2006-06-12", "as_of": "2024-05-20"}, call)
    assert on_the_day["status"] == "eligible" and day_after["status"] == "ineligible"
