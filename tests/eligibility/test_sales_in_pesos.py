"""The sales question in pesos of a stated year (converted with that year's UF, shown back) or as an SII bracket."""

from decimal import Decimal

from panal.eligibility import sales

from .test_wizard import answer, hidden_of, page_text, question_of

URL = "/a-que-puedo-postular/"


def _reach_sales(client):
    """An enterprise with activity start: the wizard soon needs its sales."""
    step = client.get(URL)
    answers = {"applicant_kind": "empresa", "commune": "Rancagua", "has_activity_start": "si"}
    for _ in range(20):
        name = question_of(step)
        if name == "annual_sales_uf" or not name:
            return step
        step = answer(client, step, answers.get(name), **({} if name in answers else {"skip": "1"}))
    return step


def test_pesos_of_a_year_become_uf_with_that_years_uf_and_are_shown_back(client, reference_data):
    from datetime import date

    from panal.reference.selectors import uf_on

    step = _reach_sales(client)
    assert question_of(step) == "annual_sales_uf"
    assert "tramo de ventas del SII" in page_text(step)
    after = answer(client, step, "", sales_clp="45.000.000", sales_year="2023")
    uf = uf_on(date(2023, 12, 31))
    expected = (Decimal(45_000_000) / uf).quantize(Decimal("0.01"))
    assert Decimal(hidden_of(after)["a_annual_sales_uf"]) == expected
    text = page_text(after)
    assert "$45.000.000 vendidos en 2023" in text and "UF del 31-12-2023" in text


def test_an_sii_bracket_is_taken_as_a_value_inside_it(client, reference_data):
    step = _reach_sales(client)
    after = answer(client, step, "", sales_bracket="3")  # Micro 2: more than 200 and up to 600 UF
    assert 200 < Decimal(hidden_of(after)["a_annual_sales_uf"]) <= 600
    assert "Micro 2" in page_text(after)


def test_bad_pesos_year_or_bracket_are_explained_and_asked_again(client, reference_data):
    step = _reach_sales(client)
    for extra, message in (
        ({"sales_clp": "45,5", "sales_year": "2023"}, "sin decimales"),
        ({"sales_clp": "1000000", "sales_year": "1850"}, "Escriba el año"),
        ({"sales_bracket": "99"}, "Elija un tramo"),
        ({}, "en pesos de un año"),
    ):
        again = answer(client, step, "", **extra)
        assert again.status_code == 400 and question_of(again) == "annual_sales_uf"
        assert message in page_text(again)


def test_brackets_cover_the_sii_scale():
    values = [v for v, _ in sales.bracket_choices()]
    assert values == [str(n) for n in range(1, 14)]
