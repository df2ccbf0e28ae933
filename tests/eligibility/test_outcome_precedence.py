"""A criterion that fails beats one that is unknown, which beats one that passes; unknown lists what is missing."""

from datetime import date

from panal.catalog.criteria import Cond, Rule, rule_needs
from panal.eligibility.engine import evaluate_rules


def rule(rule_id, *branches):
    branches = tuple(tuple(b) for b in branches)
    return Rule(rule_id, branches, f"{rule_id} sí", f"{rule_id} no", f"pista {rule_id}", "", True, rule_needs(branches))


ADULT = rule("adulta", [Cond("age", "gte", 18)])
WOMAN = rule("mujer", [Cond("sex", "eq", "F")])
NO_START = rule("sin-inicio", [Cond("has_activity_start", "eq", False)])
AS_OF = date(2024, 5, 20)


def test_a_failing_criterion_makes_the_call_ineligible_even_if_others_are_unknown():
    result = evaluate_rules({"as_of": AS_OF, "sex": "M"}, [ADULT, WOMAN, NO_START])
    assert result["status"] == "ineligible"
    assert [c["outcome"] for c in result["criteria"]] == ["unknown", "fail", "unknown"]
    assert result["missing"] == []


def test_unknown_without_failure_is_incomplete_and_names_the_missing_fields():
    result = evaluate_rules({"as_of": AS_OF, "sex": "F"}, [ADULT, WOMAN, NO_START])
    assert result["status"] == "incomplete"
    assert result["missing"] == ["birth_date", "has_activity_start"]
    unknown = result["criteria"][0]
    assert unknown["message"] == "Falta saber: fecha de nacimiento."
    assert unknown["hint"] == "pista adulta"


def test_all_passing_is_eligible_with_the_pass_sentences():
    profile = {"as_of": AS_OF, "sex": "F", "birth_date": date(1990, 1, 1), "has_activity_start": False}
    result = evaluate_rules(profile, [ADULT, WOMAN, NO_START])
    assert result["status"] == "eligible"
    assert [c["message"] for c in result["criteria"]] == ["adulta sí", "mujer sí", "sin-inicio sí"]


def test_an_alternative_that_passes_decides_even_if_another_is_unknown():
    either = rule(
        "ventas",
        [Cond("applicant_kind", "eq", "empresa"), Cond("annual_sales_uf", "gte", 200)],
        [Cond("applicant_kind", "eq", "persona")],
    )
    assert evaluate_rules({"as_of": AS_OF, "applicant_kind": "persona"}, [either])["status"] == "eligible"
    pending = evaluate_rules({"as_of": AS_OF, "applicant_kind": "empresa"}, [either])
    assert pending["status"] == "incomplete"
    assert pending["missing"] == ["annual_sales_uf"]
    assert evaluate_rules({"as_of": AS_OF, "applicant_kind": "grupo"}, [either])["status"] == "ineligible"
