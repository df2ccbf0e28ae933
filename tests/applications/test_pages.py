"""The applicant's pages without JavaScript: start, steps saved one by one, review, submit, status, receipt PDF;
and the back office pages for staff, evaluators and the committee."""

import pytest
from django.urls import reverse

from panal.applications import services
from panal.applications.models import Application
from panal.core.dates import SANTIAGO
from panal.core.models import AuditEntry

from .conftest import ANSWERS, pdf_file

pytestmark = pytest.mark.django_db


def _post_step(client, application, step, data, files=None):
    payload = {"action": "next", **data, **(files or {})}
    return client.post(reverse("applications:step", args=[application.pk, step]), payload)


def test_applicant_fills_each_step_and_submits_without_javascript(client, make_call, make_applicant):
    call, user = make_call(), make_applicant("maria@example.cl")
    client.force_login(user)
    page = client.get(reverse("applications:start", args=[call.code]))
    assert "Comenzar mi postulación" in page.content.decode()
    response = client.post(reverse("applications:start", args=[call.code]))
    application = Application.objects.get(call=call)
    assert response.url == reverse("applications:step", args=[application.pk, 1])

    step1 = client.get(response.url).content.decode()
    assert 'value="maria@example.cl"' in step1  # pre-filled from the registry
    prefilled = {k: application.answers.get(k, "") for k in ("full_name", "rut", "email", "phone", "commune")}
    assert _post_step(client, application, 1, prefilled).status_code == 302
    project = dict(ANSWERS) | {"jobs": "2", "start_date": "", "monthly_sales": "$450.000"}
    assert _post_step(client, application, 2, project).url.endswith("/paso/3/")
    application.refresh_from_db()
    assert application.answers["monthly_sales"] == 450000  # saved as a draft on that step

    budget = {
        "budget-1-category": "gestion",
        "budget-1-description": "Curso de contabilidad",
        "budget-1-amount": "400.000",
        "budget-2-category": "inversion",
        "budget-2-description": "Horno",
        "budget-2-amount": "3.100.000",
    }
    assert _post_step(client, application, 3, budget).status_code == 302
    review = client.get(reverse("applications:review", args=[application.pk])).content.decode()
    assert "Falta adjuntar «Cédula de identidad (ambos lados)»." in review
    assert _post_step(client, application, 4, {}, {"id_card": pdf_file()}).url.endswith("/enviar/")

    submitted = client.post(reverse("applications:review", args=[application.pk]))
    application.refresh_from_db()
    assert application.state == "submitted" and submitted.url == reverse("applications:detail", args=[application.pk])
    detail = client.get(submitted.url).content.decode()
    assert application.folio in detail and "Enviada" in detail
    pdf = client.get(reverse("applications:receipt", args=[application.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")

    again = client.post(reverse("applications:review", args=[application.pk]))  # double click
    assert again.status_code == 302 and Application.objects.filter(call=call).count() == 1


def test_errors_are_shown_next_to_their_field_and_nothing_is_saved(client, make_call, make_applicant):
    call, user = make_call(), make_applicant()
    client.force_login(user)
    application = services.start_application(call=call, actor=user)
    response = _post_step(client, application, 2, {**ANSWERS, "jobs": "muchos", "sector": "mineria"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "«Personas que trabajan en el negocio (incluida usted)» debe ser un número entero." in html
    assert 'id="q-jobs-error"' in html and 'aria-invalid="true"' in html
    assert "Elija una de las alternativas de «Rubro»." in html
    application.refresh_from_db()
    assert "business_name" not in application.answers


def test_budget_page_lists_the_limit_next_to_the_table(client, complete_draft):
    application, user = complete_draft()
    client.force_login(user)
    data = {
        "budget-1-category": "gestion",
        "budget-1-description": "Curso",
        "budget-1-amount": "100.000",
        "budget-2-category": "inversion",
        "budget-2-description": "Horno",
        "budget-2-amount": "3.400.000",
    }
    _post_step(client, application, 3, data)
    review = client.get(reverse("applications:review", args=[application.pk])).content.decode()
    assert "«Acciones de gestión empresarial» suma $100.000; debe estar entre $200.000 y $500.000." in review
    assert "/paso/3/#budget" in review


def test_tampered_form_with_a_foreign_field_is_refused_and_logged(client, complete_draft, security_log):
    application, user = complete_draft()
    client.force_login(user)
    response = _post_step(client, application, 2, {**ANSWERS, "business_name": "Cambio", "state": "awarded"})
    assert response.status_code == 400
    assert "«state»" in response.content.decode()
    application.refresh_from_db()
    assert application.answers["business_name"] == ANSWERS["business_name"] and application.state == "draft"
    assert security_log("applications.refused.tampered_form") == 1


def test_another_applicants_id_is_not_found(client, complete_draft, make_applicant):
    application, _ = complete_draft()
    client.force_login(make_applicant())
    for name, args in (("detail", [application.pk]), ("step", [application.pk, 1]), ("review", [application.pk])):
        assert client.get(reverse(f"applications:{name}", args=args)).status_code == 404
    assert client.post(reverse("applications:review", args=[application.pk])).status_code == 404
    application.refresh_from_db()
    assert application.state == "draft"


def test_after_closing_the_review_page_says_when_it_closed_and_keeps_the_draft(client, complete_draft):
    from datetime import timedelta

    from django.utils import timezone

    from panal.catalog.models import Call

    application, user = complete_draft()
    client.force_login(user)
    Call.objects.filter(pk=application.call_id).update(closes_at=timezone.now() - timedelta(seconds=1))
    response = client.post(reverse("applications:review", args=[application.pk]))
    assert response.status_code == 400
    assert "La convocatoria cerró el" in response.content.decode()
    application.refresh_from_db()
    assert application.state == "draft" and application.answers["business_name"] == ANSWERS["business_name"]


def test_staff_evaluator_and_committee_pages(client, complete_draft, make_user):
    application, applicant = complete_draft()
    application = services.submit_application(application=application, actor=applicant)
    analyst = make_user(email="analista@sercotec.cl", role="agency_staff", agency_code="sercotec")
    evaluator = make_user(email="evalua@panal.cl", role="evaluator")
    client.force_login(analyst)
    listing = client.get(reverse("applications:staff_list") + "?estado=submitted").content.decode()
    assert application.folio in listing
    url = reverse("applications:staff_detail", args=[application.pk])
    client.post(url, {"action": "declare_admissible"})
    client.post(url, {"action": "start_evaluation"})
    client.post(url, {"action": "assign", "evaluator": "evalua@panal.cl"})
    application.refresh_from_db()
    assert application.state == "in_evaluation"

    client.force_login(evaluator)
    assignment = application.assignments.get()
    page = client.get(reverse("applications:evaluate", args=[assignment.pk])).content.decode()
    assert "Declaración de conflicto de interés" in page and ANSWERS["description"] not in page
    client.post(reverse("applications:evaluate", args=[assignment.pk]), {"action": "declare", "conflict": "no"})
    scores = {"action": "score", "score-coherencia": "7", "score-mercado": "6", "score-presupuesto": "6"}
    bad = client.post(reverse("applications:evaluate", args=[assignment.pk]), scores)
    assert bad.status_code == 400 and "ponga una nota entera de 1 a 7" in bad.content.decode()
    client.post(reverse("applications:evaluate", args=[assignment.pk]), {**scores, "score-impacto": "5"})
    application.refresh_from_db()
    assert str(application.score) == "6.100"

    client.force_login(analyst)
    client.post(url, {"action": "close_evaluation"})
    committee = client.get(reverse("applications:committee", args=[application.call.code])).content.decode()
    assert application.folio in committee
    client.force_login(applicant)
    assert client.get(reverse("applications:staff_list")).status_code == 403


def test_committee_session_decides_in_batch_and_prints_the_acta(client, complete_draft, make_user):
    from django.utils import timezone

    application, applicant = complete_draft()
    application = services.submit_application(application=application, actor=applicant)
    analyst = make_user(email="analista@sercotec.cl", role="agency_staff", agency_code="sercotec")
    evaluator = make_user(email="evalua@panal.cl", role="evaluator")
    members = [make_user(email=f"cer{i}@gore.cl", role="committee_member") for i in range(3)]
    services.review(application=application, actor=analyst, name="declare_admissible")
    services.review(application=application, actor=analyst, name="start_evaluation")
    assignment = services.assign_evaluator(application=application, actor=analyst, evaluator=evaluator)
    services.declare_conflict(assignment=assignment, actor=evaluator, conflict=False)
    services.score(
        assignment=assignment, actor=evaluator, scores={"coherencia": 6, "mercado": 6, "presupuesto": 6, "impacto": 6}
    )
    services.review(application=application, actor=analyst, name="close_evaluation")
    session = services.create_session(
        call=application.call, actor=analyst, held_at=timezone.now(), quorum=2, members=members
    )
    client.force_login(members[0])
    url = reverse("applications:session", args=[session.pk])
    client.post(url, {"action": "attendance", "present": [members[0].pk, members[1].pk]})
    client.post(
        url,
        {
            "action": "decide",
            f"outcome-{application.pk}": "award",
            f"amount-{application.pk}": "3.500.000",
            f"reason-{application.pk}": "Primer lugar del ranking.",
        },
    )
    application.refresh_from_db()
    assert application.state == "awarded" and application.awarded_clp == 3_500_000
    acta = client.get(reverse("applications:acta", args=[session.pk]))
    assert acta.content.startswith(b"%PDF")
    client.force_login(applicant)
    detail = client.get(reverse("applications:detail", args=[application.pk])).content.decode()
    assert "Adjudicada" in detail and "$3.500.000" in detail and "Primer lugar del ranking." in detail


def test_back_office_builds_a_form_and_refuses_an_invalid_one(client, make_user, reference_data):
    import json

    from panal.applications.models import ApplicationForm
    from panal.applications.shipped_forms import FORMS
    from panal.catalog.selectors import get_call

    call = get_call("corfo-par")
    ApplicationForm.objects.filter(call=call).delete()
    client.force_login(make_user(email="jefa@panal.cl", role="administrator"))
    url = reverse("admin:applications_applicationform_add")
    bad = [{"key": "s", "title": "Sección", "questions": [{"key": "x", "label": "X", "type": "video"}]}]
    data = {"call": call.pk, "folio_prefix": "PARX", "sections": json.dumps(bad), "rubric": "{}"}
    response = client.post(url, data)
    assert response.status_code == 200 and "tiene un tipo desconocido: video" in response.content.decode()
    assert not ApplicationForm.objects.filter(call=call).exists()
    data["sections"] = json.dumps(FORMS["corfo-par"]["sections"])
    assert client.post(url, data).status_code == 302
    assert ApplicationForm.objects.get(call=call).folio_prefix == "PARX"
    assert AuditEntry.objects.filter(action="applications.form.saved").exists()


def test_a_representative_applies_for_their_enterprise(client, make_applicant, make_user, reference_data):
    from datetime import date, timedelta

    from django.utils import timezone

    from panal.applications.shipped_forms import FORMS
    from panal.catalog.services import create_call
    from panal.registry.selectors import person_for_user
    from panal.registry.services import create_enterprise

    from .conftest import new_rut

    now = timezone.now()
    call = create_call(
        code="crece-prueba",
        instrument_code="sercotec-crece",
        title="Crece prueba",
        year=now.year,
        region_code="06",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=1),
        funding_source="sercotec",
    )
    admin = make_user(email="jefa@panal.cl", role="administrator")
    services.set_form(call=call, actor=admin, folio_prefix="CRECE", sections=FORMS["sercotec-crece"]["sections"])
    user, other = make_applicant(), make_applicant()
    mine = create_enterprise(
        rut=new_rut(),
        legal_name="Quesos del Valle SpA",
        commune="06101",
        legal_form="spa",
        has_activity_start=True,
        activity_start_date=date(2019, 3, 1),
        years=[{"year": now.year - 1, "sales_uf": 3000}],
        legal_representative=person_for_user(user),
    )
    theirs = create_enterprise(
        rut=new_rut(), legal_name="Ajena Ltda.", commune="06101", legal_representative=person_for_user(other)
    )
    client.force_login(user)
    url = reverse("applications:start", args=[call.code])
    page = client.get(url).content.decode()
    assert "Quesos del Valle SpA" in page and "Ajena Ltda." not in page
    assert client.post(url, {"empresa": theirs.pk}).status_code == 400
    assert client.post(url, {"empresa": mine.pk}).status_code == 302
    application = Application.objects.get(call=call)
    assert application.enterprise == mine and application.answers["legal_name"] == "Quesos del Valle SpA"


def test_receipt_pdf_carries_the_folio_budget_and_closing_time(client, complete_draft):
    import io

    from pypdf import PdfReader

    application, user = complete_draft()
    application = services.submit_application(application=application, actor=user)
    client.force_login(user)
    pdf = client.get(reverse("applications:receipt", args=[application.pk]))
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert application.folio in text and "$3.500.000" in text and "Horno industrial" in text
    assert application.call.closes_at.astimezone(SANTIAGO).strftime("%d-%m-%Y") in text


def test_shipped_calls_come_with_their_forms_and_reloading_changes_nothing(reference_data):
    from panal.applications.loaders import load_reference
    from panal.applications.models import ApplicationForm
    from panal.catalog.selectors import get_call

    before = ApplicationForm.objects.count()
    assert load_reference().startswith(f"{before} formularios de postulación (0 nuevos)")
    abeja = get_call("capital-abeja-emprende").application_form
    budget = next(q for s in abeja.sections for q in s["questions"] if q["type"] == "budget")
    assert (budget["total_min"], budget["total_max"]) == (3_500_000, 3_500_000)
    assert abeja.folio_prefix == "ABEJA" and ApplicationForm.objects.filter(call__code="sercotec-crece").exists()
