"""The «¿A qué puedo postular?» wizard, driven as a browser without JavaScript would: one POST per answer."""

import re

URL = "/a-que-puedo-postular/"


def page_text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def question_of(response) -> str:
    match = re.search(r'name="question" value="([a-z_]+)"', response.content.decode())
    return match.group(1) if match else ""


def hidden_of(response) -> dict:
    return dict(
        re.findall(r'<input type="hidden" name="(a_[a-z_]+|skipped)" value="([^"]*)"', response.content.decode())
    )


def answer(client, response, value=None, **extra):
    data = {**hidden_of(response), "question": question_of(response), **extra}
    if value is not None:
        data["answer"] = value
    return client.post(URL, data)


def test_the_wizard_asks_one_question_at_a_time_and_only_what_matters(client, reference_data):
    first = client.get(URL)
    assert first.status_code == 200
    assert question_of(first) == "applicant_kind"
    step = answer(client, first, "persona")
    asked = []
    answers = {"commune": "Pichilemu", "has_activity_start": "no", "birth_date": "1990-04-02", "sex": "F"}
    while question_of(step):
        name = question_of(step)
        asked.append(name)
        step = answer(client, step, answers.get(name), **({} if name in answers else {"skip": "1"}))
    # a person is never asked about members, cooperative class or sales once no open question depends on them
    assert asked[:4] == ["commune", "has_activity_start", "birth_date", "sex"]
    assert "cooperative_class" not in asked and "members" not in asked and "annual_sales_uf" not in asked
    results = page_text(step)
    assert "Cumple los requisitos, pero la convocatoria ya cerró" in results
    assert results.index("Capital Abeja Emprende 2024") < results.index("No cumple los requisitos")
    assert "Debes tener inicio de actividades en primera categoría ante el SII" in results  # a hint for a failed rule


def test_a_bad_answer_is_explained_and_asked_again(client, reference_data):
    step = answer(client, client.get(URL), "persona")
    assert question_of(step) == "commune"
    again = answer(client, step, "Atlántida")
    assert again.status_code == 400
    assert question_of(again) == "commune"
    assert "No encontramos la comuna «Atlántida»" in page_text(again)


def test_results_can_be_asked_for_early_and_show_what_is_missing(client, reference_data):
    step = answer(client, client.get(URL), "cooperativa")
    results = answer(client, step, finish="1")
    text = page_text(results)
    assert "Falta información para saberlo" in text
    assert "Falta saber:" in text


def test_a_logged_in_person_is_prefilled_from_the_registry(client, reference_data, make_user):
    from panal.registry.services import create_person

    user = make_user(email="ana@example.cl")
    create_person(
        rut="11111111-1",
        first_names="Ana",
        last_names="Pérez",
        birth_date="1990-01-01",
        sex="F",
        commune="06201",
        has_activity_start=False,
        user=user,
    )
    client.force_login(user)
    step = client.get(URL)
    assert "Usamos los datos de su registro" in page_text(step)
    hidden = hidden_of(step)
    assert hidden["a_applicant_kind"] == "persona"
    assert hidden["a_commune"] == "06201"
    # everything the calls depend on is known: straight to the results, Capital Abeja among those she meets
    assert question_of(step) == ""
    assert "Capital Abeja Emprende 2024" in page_text(step).split("No cumple los requisitos")[0]


def test_an_anonymous_visitor_starts_with_nothing_prefilled(client, reference_data):
    step = client.get(URL)
    assert "Usamos los datos" not in page_text(step)
    assert not [k for k in hidden_of(step) if k.startswith("a_")]


def _answer_until(client, step, answers: dict, stop: str):
    while question_of(step) and question_of(step) != stop:
        name = question_of(step)
        step = answer(client, step, answers.get(name), **({} if name in answers else {"skip": "1"}))
    return step


def test_a_group_is_asked_each_firms_sales_one_by_one_and_told_which_fall_outside(client, reference_data):
    step = answer(client, client.get(URL), "grupo")
    step = _answer_until(
        client, step, {"commune": "Rancagua", "has_activity_start": "si", "members": "5"}, "member_sales_uf"
    )
    assert question_of(step) == "member_sales_uf"
    html = step.content.decode()
    assert html.count('name="answer"') == 5
    assert 'for="firm-5"' in html and "Empresa 5 (UF al año)" in html
    missing_one = answer(client, step, ["3000", "3000", "", "3000", "3000"])
    assert missing_one.status_code == 400
    assert "empresa 3" in page_text(missing_one)
    step = answer(client, step, ["100", "100", "100", "100", "50.000"])
    assert hidden_of(step)["a_member_sales_uf"] == "100;100;100;100;50000"
    while question_of(step):
        step = answer(client, step, skip="1")
    text = page_text(step)
    red = text[text.index("Red Asociativa 2024") :]
    assert "No cumple" in red[:200]
    assert "empresa 1 (100 UF), empresa 2 (100 UF), empresa 3 (100 UF), empresa 4 (100 UF)" in red


def test_activa_inversion_asks_a_person_for_the_total_investment(client, reference_data):
    step = answer(client, client.get(URL), "persona")
    answers = {"commune": "Pichilemu", "has_activity_start": "si", "birth_date": "1980-01-01", "sex": "M"}
    step = _answer_until(client, step, answers, "project_investment_clp")
    assert question_of(step) == "project_investment_clp"
    bad = answer(client, step, "doce millones")
    assert bad.status_code == 400
    step = answer(client, step, "12.000.000")
    assert hidden_of(step)["a_project_investment_clp"] == "12000000"
