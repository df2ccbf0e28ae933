"""The staff's page for a call's bases and question period: reached from "Mi trabajo" and the committee page, it
answers questions, sets the question period, publishes a new version of the bases and declaration and uploads PDFs.
Each bad input gets a Spanish message naming the field and changes nothing; other agencies and applicants get 404."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from panal.applications import selectors, services
from panal.applications.models import CallDocument, CallQuestion, CallTerms

from .conftest import pdf_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(make_user):
    return make_user(email="bases@sercotec.cl", role="agency_staff", agency_code="sercotec")


@pytest.fixture
def call(make_call):
    now = timezone.now()
    return make_call(opens_at=now - timedelta(days=2), closes_at=now + timedelta(days=20))


@pytest.fixture
def page(client, staff, call):
    client.force_login(staff)
    return reverse("applications:staff_questions", args=[call.code])


def _day(days: int) -> str:
    return (timezone.localdate() + timedelta(days=days)).isoformat()


def test_staff_reach_the_page_from_my_work_with_the_count_of_unanswered_questions(client, staff, call, make_applicant):
    now = timezone.now()
    services.set_question_period(
        call=call, actor=staff, opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=1)
    )
    services.ask_question(call=call, actor=make_applicant(), question="¿Se financia un vehículo?")
    client.force_login(staff)
    work = client.get("/mi-trabajo/").content.decode()
    assert "Bases y consultas a las bases sin responder" in work and reverse("applications:terms_index") in work
    listing = client.get(reverse("applications:terms_index")).content.decode()
    assert call.title in listing and "1 consulta sin responder" in listing
    assert reverse("applications:staff_questions", args=[call.code]) in listing


def test_the_committee_page_links_to_the_bases_page(client, staff, call):
    client.force_login(staff)
    committee = client.get(reverse("applications:committee", args=[call.code])).content.decode()
    assert reverse("applications:staff_questions", args=[call.code]) in committee


def test_staff_answer_a_question_and_it_shows_on_the_public_page(client, page, staff, call, make_applicant):
    now = timezone.now()
    services.set_question_period(
        call=call, actor=staff, opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=1)
    )
    item = services.ask_question(call=call, actor=make_applicant(), question="¿Se financia un vehículo?")
    empty = client.post(page, {"action": "answer", "item": item.pk, "answer": "  "})
    assert empty.status_code == 400 and "Escriba la respuesta." in empty.content.decode()
    assert client.post(page, {"action": "answer", "item": "99999999999999999999", "answer": "x"}).status_code == 400
    response = client.post(page, {"action": "answer", "item": item.pk, "answer": "No, las bases lo excluyen."})
    assert response.status_code == 302
    public = client.get(reverse("applications:call_info", args=[call.code])).content.decode()
    assert "las bases lo excluyen" in public


def test_staff_set_the_question_period_by_days(client, page, call, make_applicant):
    response = client.post(page, {"action": "period", "opens_on": _day(0), "closes_on": _day(3)})
    assert response.status_code == 302
    opens, closes = selectors.question_period(call)
    assert timezone.localtime(opens).date() == timezone.localdate()
    assert timezone.localtime(closes).strftime("%H:%M") == "23:59"
    assert services.ask_question(call=call, actor=make_applicant(), question="¿Puedo postular con boleta?")


@pytest.mark.parametrize(
    ("opens_on", "closes_on", "message"),
    [
        ("", "__3", "Escriba la fecha de inicio de las consultas."),
        ("__0", "", "Escriba la fecha de término de las consultas."),
        ("31-02-2026", "__3", "La fecha de inicio de las consultas no es una fecha válida"),
        ("__0", "mañana", "La fecha de término de las consultas no es una fecha válida"),
        ("__3", "__1", "La fecha de término de las consultas no puede ser anterior a la de inicio."),
        ("__0", "__40", "no puede ser posterior al cierre de la convocatoria"),
    ],
)
def test_a_bad_question_period_is_refused_naming_the_field_and_changes_nothing(
    client, page, call, opens_on, closes_on, message
):
    def value(text):
        return _day(int(text[2:])) if text.startswith("__") else text

    response = client.post(page, {"action": "period", "opens_on": value(opens_on), "closes_on": value(closes_on)})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert selectors.question_period(call) == (None, None)


def test_staff_publish_a_new_version_of_the_bases_and_declaration(client, page, call):
    form = {
        "action": "terms",
        "bases_summary": "Para mujeres de la región.",
        "declaration": "Declaro que lo informado es verdad.",
        "obligations": "Rendir cada gasto.\n\nEntregar informe final.",
        "execution_months": "8",
    }
    assert client.post(page, form).status_code == 302
    assert client.post(page, {**form, "declaration": "Versión 2."}).status_code == 302
    terms = selectors.current_terms(call)
    assert (terms.version, terms.declaration, terms.execution_months) == (2, "Versión 2.", 8)
    assert terms.obligations == ["Rendir cada gasto.", "Entregar informe final."]
    shown = client.get(page).content.decode()
    assert "Versión vigente: 2" in shown and "Versión 2." in shown


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"bases_summary": "  "}, "Escriba lo esencial de las bases."),
        ({"declaration": ""}, "Escriba el texto de la declaración jurada."),
        ({"execution_months": "seis"}, "El plazo de ejecución debe estar entre 1 y 60 meses."),
        ({"execution_months": "0"}, "El plazo de ejecución debe estar entre 1 y 60 meses."),
        ({"execution_months": "61"}, "El plazo de ejecución debe estar entre 1 y 60 meses."),
    ],
)
def test_bad_bases_texts_are_refused_and_keep_what_was_typed(client, page, call, change, message):
    form = {
        "action": "terms",
        "bases_summary": "Para mujeres de la región.",
        "declaration": "Declaro que lo informado es verdad.",
        "execution_months": "6",
        **change,
    }
    response = client.post(page, form)
    body = response.content.decode()
    assert response.status_code == 400 and message in body
    assert not CallTerms.objects.filter(call=call).exists()
    kept = form["declaration"] or form["bases_summary"]
    assert kept.strip() in body


def test_staff_upload_a_new_version_of_the_bases_pdf(client, page, call):
    for _ in range(2):
        response = client.post(
            page, {"action": "document", "kind": "bases", "slug": "bases", "title": "Bases 2026", "file": pdf_file()}
        )
        assert response.status_code == 302
    (document,) = selectors.call_documents(call)
    assert document.version == 2
    public = client.get(reverse("applications:call_info", args=[call.code])).content.decode()
    assert "Bases 2026" in public and "versión 2" in public


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"title": ""}, "Escriba el título del documento."),
        ({"slug": "Anexo Uno"}, "El identificador del documento lleva solo minúsculas"),
        ({"kind": "contrato"}, "El documento debe ser «bases» o «anexo»."),
        ({"file": None}, "Adjunte el archivo PDF del documento."),
        ({"file": SimpleUploadedFile("bases.pdf", b"MZ\x90\x00 not a pdf")}, "PDF"),
        ({"file": SimpleUploadedFile("bases.pdf", b"%PDF-1.7\nbroken")}, "PDF"),
    ],
)
def test_a_bad_document_upload_is_refused_naming_the_field(client, page, call, change, message):
    form = {"action": "document", "kind": "anexo", "slug": "anexo-1", "title": "Anexo 1", "file": pdf_file()}
    form.update(change)
    if form["file"] is None:
        del form["file"]
    response = client.post(page, form)
    assert response.status_code == 400 and message in response.content.decode()
    assert not CallDocument.objects.filter(call=call).exists()


def test_an_unknown_action_is_refused(client, page):
    response = client.post(page, {"action": "borrar"})
    assert response.status_code == 400 and "Elija qué quiere hacer." in response.content.decode()


@pytest.mark.parametrize("who", ["corfo", "applicant", "evaluator"])
def test_staff_of_another_agency_and_applicants_get_404(client, call, make_user, make_applicant, who):
    user = {
        "corfo": lambda: make_user(email="x@corfo.cl", role="agency_staff", agency_code="corfo"),
        "applicant": make_applicant,
        "evaluator": lambda: make_user(email="ev@panal.cl", role="evaluator"),
    }[who]()
    client.force_login(user)
    url = reverse("applications:staff_questions", args=[call.code])
    assert client.get(url).status_code == 404
    posted = client.post(url, {"action": "period", "opens_on": _day(0), "closes_on": _day(2)})
    assert posted.status_code == 404
    assert selectors.question_period(call) == (None, None)
    if who != "corfo":
        assert client.get(reverse("applications:terms_index")).status_code == 404


def test_another_agency_sees_none_of_these_calls_in_its_list(client, call, make_user):
    client.force_login(make_user(email="x@corfo.cl", role="agency_staff", agency_code="corfo"))
    assert call.title not in client.get(reverse("applications:terms_index")).content.decode()


def test_a_question_of_another_call_cannot_be_answered_from_this_page(client, page, staff, call, make_call):
    other = make_call()
    now = timezone.now()
    services.set_question_period(
        call=other, actor=staff, opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=1)
    )

    item = CallQuestion.objects.create(call=other, asked_by=staff, question="¿Otra?")
    response = client.post(page, {"action": "answer", "item": item.pk, "answer": "Sí."})
    assert response.status_code == 400 and "No existe esa consulta." in response.content.decode()
    item.refresh_from_db()
    assert item.published_at is None
