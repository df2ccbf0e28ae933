"""Applying: drafts, admissibility with each failure named, folio, idempotent submission, deadline in Chile's time."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import IntegrityError, transaction

from panal.applications import selectors, services
from panal.applications.models import Application
from panal.core.errors import DomainError, NotFound, PermissionDenied
from panal.core.models import AuditEntry

from .conftest import ANSWERS, chile

pytestmark = pytest.mark.django_db


def test_draft_is_prefilled_from_the_registry_and_started_only_once(make_call, make_applicant):
    call, user = make_call(), make_applicant("rosa@example.cl")
    first = services.start_application(call=call, actor=user)
    again = services.start_application(call=call, actor=user)
    assert first.pk == again.pk
    assert first.answers["email"] == "rosa@example.cl"
    assert first.answers["commune"] == "Rancagua"
    assert first.answers["rut"].count(".") == 2  # shown as 12.345.678-5
    assert first.state == "draft" and first.folio is None


def test_database_allows_one_application_per_person_and_call(make_call, make_applicant):
    call, user = make_call(), make_applicant()
    application = services.start_application(call=call, actor=user)
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.create(call=call, person=application.person)


def test_complete_submission_gets_folio_history_and_email(complete_draft):
    application, user = complete_draft()
    submitted = services.submit_application(application=application, actor=user)
    assert submitted.state == "submitted"
    assert submitted.folio == f"ABEJA-06-2026-{1:06d}"
    assert submitted.eligibility["status"] == "eligible"
    history = list(selectors.history(submitted))
    assert [(h.from_state, h.to_state) for h in history] == [("draft", "submitted")]
    assert AuditEntry.objects.filter(action="applications.application.submit", object_id=str(submitted.pk)).exists()


def test_submission_sends_email_with_the_folio(complete_draft, django_capture_on_commit_callbacks):
    application, user = complete_draft()
    with django_capture_on_commit_callbacks(execute=True):
        submitted = services.submit_application(application=application, actor=user)
    assert len(mail.outbox) == 1
    assert submitted.folio in mail.outbox[0].subject
    assert "comprobante.pdf" in mail.outbox[0].body


def test_folios_follow_each_other_without_gaps(complete_draft, make_call):
    call = make_call(prefix="SEMILLA")
    folios = []
    for _ in range(3):
        application, user = complete_draft(call=call)
        folios.append(services.submit_application(application=application, actor=user).folio)
    assert folios == ["SEMILLA-06-2026-000001", "SEMILLA-06-2026-000002", "SEMILLA-06-2026-000003"]


def test_a_refused_submission_does_not_use_up_a_folio(complete_draft, make_call, make_applicant):
    call = make_call()
    bad = services.start_application(call=call, actor=(user := make_applicant()))
    with pytest.raises(services.AdmissibilityError):
        services.submit_application(application=bad, actor=user)
    application, owner = complete_draft(call=call)
    assert services.submit_application(application=application, actor=owner).folio.endswith("-000001")


def test_submitting_twice_returns_the_same_submission(complete_draft):
    application, user = complete_draft()
    first = services.submit_application(application=application, actor=user)
    second = services.submit_application(application=application, actor=user)
    assert (second.pk, second.folio) == (first.pk, first.folio)
    assert Application.objects.filter(call=application.call).exclude(folio=None).count() == 1
    assert selectors.history(first).count() == 1


def test_missing_answers_documents_and_budget_are_each_named(make_call, make_applicant):
    call, user = make_call(), make_applicant()
    application = services.start_application(call=call, actor=user)
    with pytest.raises(services.AdmissibilityError) as refused:
        services.submit_application(application=application, actor=user)
    problems = refused.value.problems
    assert problems["business_name"] == "Falta responder «Nombre del negocio o proyecto»."
    assert problems["id_card"] == "Falta adjuntar «Cédula de identidad (ambos lados)»."
    assert "budget" in problems
    application.refresh_from_db()
    assert application.state == "draft" and application.folio is None


def test_registry_change_after_the_start_is_checked_again_at_submission(complete_draft):
    from panal.registry.models import Person

    application, user = complete_draft()
    Person.objects.filter(pk=application.person_id).update(sex="M")  # her record was corrected after she started
    with pytest.raises(services.AdmissibilityError) as refused:
        services.submit_application(application=application, actor=user)
    assert refused.value.problems["eligibility.mujer"].startswith("Este fondo es para mujeres")


@pytest.mark.parametrize(
    ("lines", "field", "text"),
    [
        (
            [
                {"category": "gestion", "description": "Asesoría", "amount": 100000},
                {"category": "inversion", "description": "Horno", "amount": 3300000},
            ],
            "budget.gestion",
            "«Acciones de gestión empresarial» suma $100.000; debe estar entre $200.000 y $500.000.",
        ),
        (
            [
                {"category": "gestion", "description": "Asesoría", "amount": 200000},
                {"category": "inversion", "description": "Horno", "amount": 3400000},
            ],
            "budget.inversion",
            "«Inversiones» suma $3.400.000; debe estar entre $3.000.000 y $3.300.000.",
        ),
        (
            [
                {"category": "gestion", "description": "Asesoría", "amount": 300000},
                {"category": "inversion", "description": "Horno", "amount": 3000000},
            ],
            "budget.total",
            "El total del presupuesto es $3.300.000; debe ser exactamente $3.500.000.",
        ),
    ],
)
def test_budget_outside_the_instrument_limits_is_refused(complete_draft, lines, field, text):
    application, user = complete_draft()
    services.save_draft(application=application, actor=user, budget=lines)
    with pytest.raises(services.AdmissibilityError) as refused:
        services.submit_application(application=application, actor=user)
    assert refused.value.problems[field] == text


@pytest.mark.parametrize(
    ("answers", "budget", "field"),
    [
        ({"not_in_form": "x"}, None, "not_in_form"),
        ({"sector": "mineria"}, None, "sector"),
        ({"jobs": "muchos"}, None, "jobs"),
        ({"monthly_sales": "3,5"}, None, "monthly_sales"),
        ({"start_date": "31-02-2024"}, None, "start_date"),
        ({"id_card": "texto"}, None, "id_card"),
        (None, [{"category": "lujos", "description": "Auto", "amount": 1}], "budget.1"),
        (None, [{"category": "gestion", "description": "Curso", "amount": -5}], "budget.1"),
        (None, [{"category": "gestion", "description": "Curso", "amount": 5.5}], "budget.1"),
        (None, [{"category": "gestion", "description": "Curso", "amount": 5, "owner": 3}], "budget.1"),
    ],
)
def test_bad_answers_are_refused_naming_the_field_and_logged(complete_draft, answers, budget, field, security_log):
    application, user = complete_draft()
    before = (dict(application.answers), list(application.budget))
    with pytest.raises(DomainError) as refused:
        services.save_draft(application=application, actor=user, answers=answers, budget=budget)
    assert refused.value.field == field
    application.refresh_from_db()
    assert (application.answers, application.budget) == before
    assert security_log("applications.refused.save_draft") == 1


@pytest.mark.parametrize(
    ("name", "body", "message"),
    [
        ("cedula.exe", b"MZ\x90\x00", "el archivo debe ser PDF, JPG, JPEG, PNG"),
        ("cedula.pdf", b"MZ\x90\x00 not a pdf", "no corresponde a un archivo PDF"),
        ("cedula.pdf", b"%PDF-1.4\n" + b"0" * (5 * 1024 * 1024 + 1), "el máximo es 5 MB"),
    ],
)
def test_wrong_type_or_oversized_uploads_are_refused(complete_draft, name, body, message):
    from django.core.files.uploadedfile import SimpleUploadedFile

    application, user = complete_draft()
    kept = application.documents.get(question="id_card").sha256
    with pytest.raises(DomainError) as refused:
        services.upload_document(
            application=application, actor=user, question="id_card", file=SimpleUploadedFile(name, body)
        )
    assert message in refused.value.message and refused.value.field == "id_card"
    assert application.documents.get(question="id_card").sha256 == kept


def test_another_applicant_cannot_touch_or_see_a_draft(complete_draft, make_applicant, security_log):
    application, _owner = complete_draft()
    intruder = make_applicant()
    with pytest.raises(PermissionDenied):
        services.save_draft(application=application, actor=intruder, answers={"business_name": "Robado"})
    with pytest.raises(PermissionDenied):
        services.submit_application(application=application, actor=intruder)
    with pytest.raises(NotFound):
        services.get_own_application(pk=application.pk, actor=intruder)
    application.refresh_from_db()
    assert application.answers["business_name"] == ANSWERS["business_name"] and application.state == "draft"
    assert security_log("applications.refused.") == 3


def test_submitted_application_can_no_longer_be_edited(complete_draft):
    application, user = complete_draft()
    services.submit_application(application=application, actor=user)
    with pytest.raises(DomainError) as refused:
        services.save_draft(application=application, actor=user, answers={"business_name": "Otro"})
    assert "ya fue enviada" in refused.value.message


# --- the deadline: server clock, Chile's time, summer (UTC-3) and winter (UTC-4) -----------------------------------

DEADLINES = {
    "verano": chile(2026, 1, 15, 15, 0, 0),  # CLST, UTC-3
    "invierno": chile(2026, 6, 11, 15, 0, 0),  # CLT, UTC-4
}


@pytest.mark.parametrize("season", DEADLINES)
def test_deadline_holds_to_the_second_in_chile_time(complete_draft, make_call, season):
    closes = DEADLINES[season]
    assert closes.utcoffset() == timedelta(hours=-3 if season == "verano" else -4)
    call = make_call(opens_at=closes - timedelta(days=30), closes_at=closes, year=2026)
    early, early_user = complete_draft(call=call, now=closes - timedelta(hours=1))
    late, late_user = complete_draft(call=call, now=closes - timedelta(hours=1))

    on_time = services.submit_application(application=early, actor=early_user, now=closes - timedelta(seconds=1))
    assert on_time.state == "submitted"

    with pytest.raises(DomainError) as refused:
        services.submit_application(application=late, actor=late_user, now=closes + timedelta(seconds=1))
    day = closes.strftime("%d-%m-%Y")
    assert f"La convocatoria cerró el {day} a las 15:00 (hora de Chile)" in refused.value.message
    assert "Su borrador quedó guardado" in refused.value.message
    late.refresh_from_db()
    assert late.state == "draft" and late.answers["business_name"] == ANSWERS["business_name"]


def test_submitting_exactly_at_closing_time_is_late(complete_draft, make_call):
    closes = DEADLINES["invierno"]
    call = make_call(opens_at=closes - timedelta(days=30), closes_at=closes)
    application, user = complete_draft(call=call, now=closes - timedelta(hours=1))
    with pytest.raises(DomainError):
        services.submit_application(application=application, actor=user, now=closes)


def test_server_clock_decides_not_the_client(complete_draft, make_call):
    """Without `now` the service reads the server's clock: a call that closed a second ago refuses."""
    from django.utils import timezone

    call = make_call(opens_at=timezone.now() - timedelta(days=3), closes_at=timezone.now() + timedelta(days=1))
    application, user = complete_draft(call=call)
    from panal.catalog.models import Call

    Call.objects.filter(pk=call.pk).update(closes_at=timezone.now() - timedelta(seconds=1))
    application.refresh_from_db()
    with pytest.raises(DomainError) as refused:
        services.submit_application(application=application, actor=user)
    assert refused.value.code == "closed"


def test_a_folio_prefix_is_not_shared_by_two_calls_of_the_same_region_and_year(make_call, make_user):
    from panal.applications.shipped_forms import FORMS

    first, second = make_call(prefix="PAR"), make_call(prefix="OTRO")
    admin = make_user(email="jefa@panal.cl", role="administrator")
    with pytest.raises(DomainError) as refused:
        services.set_form(
            call=second, actor=admin, folio_prefix="par", sections=FORMS["corfo-par"]["sections"], rubric={}
        )
    assert refused.value.field == "folio_prefix" and "PAR" in refused.value.message
    assert first.application_form.folio_prefix == "PAR"
