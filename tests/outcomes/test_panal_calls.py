"""A call run in Panal: the form's baseline becomes the first panel row; when its decisions close, a frozen
snapshot is written and every admissible applicant, funded or not, gets a 12- and a 24-month survey."""

from datetime import date

import pytest
from django.core import mail
from django.utils import timezone

from panal.applications import services as applications
from panal.applications.signals import decisions_closed
from panal.core import notices
from panal.outcomes import services
from panal.outcomes.models import DecisionSnapshot, FollowUp, Observation
from panal.outcomes.notifications import send_due_surveys

pytestmark = pytest.mark.django_db

BASELINE = {
    "base_ventas_clp": "24.000.000",
    "base_compras_clp": "9.000.000",
    "base_trabajadoras_mujeres": "2",
    "base_trabajadores_hombres": "1",
    "base_remuneraciones_clp": "18.000.000",
    "base_dig_internet": "si",
    "base_dig_factura_electronica": "no",
    "base_ges_registros": "si",
}


@pytest.fixture
def staff(make_user):
    return make_user(email="analista@sercotec.cl", role="agency_staff", agency_code="sercotec")


def _submit(complete_draft, call, answers=BASELINE):
    application, user = complete_draft(call=call)
    if answers:
        applications.save_draft(application=application, actor=user, answers=answers)
    return applications.submit_application(application=application, actor=user)


def test_the_shipped_form_asks_the_baseline_in_plain_spanish():
    from panal.applications.shipped_forms import FORMS

    for form in FORMS.values():
        questions = [q for s in form["sections"] for q in s["questions"] if q["key"].startswith("base_")]
        labels = " ".join(q["label"] for q in questions)
        assert "Ventas del año pasado" in labels and "Mujeres que trabajaron" in labels
        assert "Sueldos brutos" in labels and "factura electrónica" in labels and "cuentas del negocio" in labels
        assert len(questions) == 17 and not any(
            q.get("required") for q in questions
        )  # "no sé" never blocks an application


def test_a_submitted_application_becomes_the_applicants_baseline_row(make_call, complete_draft):
    call = make_call(year=2026)
    application = _submit(complete_draft, call)
    rows = dict(
        Observation.objects.filter(rut=application.person.rut, year=2025, source="postulacion").values_list(
            "item", "value"
        )
    )
    assert rows["ventas_clp"] == 24_000_000 and rows["compras_clp"] == 9_000_000
    assert rows["trabajadoras_mujeres"] == 2 and rows["trabajadores_hombres"] == 1
    assert rows["remuneraciones_clp"] == 18_000_000
    assert rows["dig_internet"] == 1 and rows["dig_factura_electronica"] == 0 and rows["ges_registros"] == 1
    assert "dig_venta_online" not in rows  # unanswered stays unknown, not "no"


def test_a_second_application_the_same_year_updates_the_baseline_instead_of_duplicating_it(make_call, complete_draft):
    first = _submit(complete_draft, make_call(year=2026))
    user = first.person.user
    second_draft, _ = complete_draft(call=make_call(year=2026), user=user)
    applications.save_draft(application=second_draft, actor=user, answers={**BASELINE, "base_ventas_clp": "30.000.000"})
    applications.submit_application(application=second_draft, actor=user)

    rows = Observation.objects.filter(rut=first.person.rut, year=2025, source="postulacion")
    assert rows.count() == len(BASELINE)  # one row per item, not one per application
    assert rows.get(item="ventas_clp").value == 30_000_000 and rows.get(item="compras_clp").value == 9_000_000


def test_an_application_without_baseline_answers_is_still_submitted(make_call, complete_draft):
    application = _submit(complete_draft, make_call(), answers=None)
    assert application.folio and not Observation.objects.filter(rut=application.person.rut).exists()


def test_closing_the_decisions_freezes_them_and_schedules_surveys_for_every_admissible_applicant(
    make_call, complete_draft, staff
):
    call = make_call()
    admissible = [_submit(complete_draft, call) for _ in range(2)]
    refused = _submit(complete_draft, call)
    for application in admissible:
        applications.review(application=application, actor=staff, name="declare_admissible")
    applications.review(application=refused, actor=staff, name="declare_not_admissible", reason="Falta cédula")

    decisions_closed.send(sender=None, call=call)
    decisions_closed.send(sender=None, call=call)  # closed twice: the first snapshot stands

    snapshot = DecisionSnapshot.objects.get(call=call)
    flags = dict(snapshot.entries.values_list("rut", "admissible"))
    assert flags == {admissible[0].person.rut: True, admissible[1].person.rut: True, refused.person.rut: False}
    waves = sorted(FollowUp.objects.filter(call=call).values_list("rut", "wave"))
    assert waves == sorted((a.person.rut, w) for a in admissible for w in (12, 24))
    due = FollowUp.objects.filter(call=call, wave=12).first().due_on
    today = timezone.localdate()
    assert due.year == today.year + 1 and due.month == today.month


def test_a_snapshot_cannot_be_written_twice_nor_edited(build_call):
    from django.core.exceptions import ValidationError

    from panal.core.errors import DomainError

    call = build_call(40, 0.0)
    with pytest.raises(DomainError, match="ya están registradas"):
        services.write_snapshot(call=call, rows=[], origin="panal")
    snapshot = DecisionSnapshot.objects.get(call=call)
    snapshot.cutoff = 1
    with pytest.raises(ValidationError):
        snapshot.save()
    entry = snapshot.entries.first()
    entry.funded = not entry.funded
    with pytest.raises(ValidationError):
        entry.save()


@pytest.fixture
def scheduled(make_call, complete_draft, staff):
    call = make_call()
    application = _submit(complete_draft, call)
    applications.review(application=application, actor=staff, name="declare_admissible")
    decisions_closed.send(sender=None, call=call)
    followup = FollowUp.objects.get(call=call, wave=12)
    FollowUp.objects.filter(pk=followup.pk).update(due_on=date(2020, 1, 1))
    return application, followup


def _link(message) -> str:
    from urllib.parse import urlparse

    return urlparse(next(line for line in message.body.splitlines() if "/resultados/encuesta/" in line)).path


def test_a_due_survey_is_emailed_once_as_a_personal_link_with_reminders(scheduled, django_capture_on_commit_callbacks):
    application, followup = scheduled
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_surveys() == {"invitations": 1, "reminders": 0}
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_surveys() == {"invitations": 0, "reminders": 0}  # no second invitation, no early reminder
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [application.person.email]
    assert "/resultados/encuesta/" in mail.outbox[0].body
    later = timezone.now() + timezone.timedelta(days=15)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_surveys(now=later)["reminders"] == 1
    assert len(mail.outbox) == 2 and mail.outbox[1].subject.startswith("Recordatorio")


def test_the_survey_asks_consent_first_and_its_answers_join_the_panel(
    client, scheduled, django_capture_on_commit_callbacks
):
    application, followup = scheduled
    with django_capture_on_commit_callbacks(execute=True):
        send_due_surveys()
    link = _link(mail.outbox[0])
    page = client.get(link).content.decode()
    assert "Acepto participar" in page and "Ventas de los últimos 12 meses" not in page
    assert "Aviso de privacidad" in page and f"versión {notices.version('encuestas')}" in page
    refused_answers = client.post(link, {"action": "answer", "sobrevivencia": "1"})
    assert "Ventas de los últimos 12 meses" not in refused_answers.content.decode()  # no answers before consent
    client.post(link, {"action": "accept"})
    followup.refresh_from_db()
    assert followup.consent is True and followup.consent_at
    assert followup.consent_text_version == notices.version("encuestas")  # the version the page showed
    page = client.post(
        link,
        {"action": "answer", "sobrevivencia": "1", "ventas_clp": "30000000", "digital": ["dig_internet"],
         "gestion": ["ges_registros", "ges_presupuesto"], "asociatividad": "0"},
    ).content.decode()  # fmt: skip
    assert "Recibimos sus respuestas" in page
    year = followup.call.year + 1  # the 12-month wave counts as the year after the call
    rows = dict(Observation.objects.filter(rut=application.person.rut, source="encuesta").values_list("item", "value"))
    assert rows["ventas_clp"] == 30_000_000 and rows["sobrevivencia"] == 1 and rows["dig_internet"] == 1
    assert rows["dig_nube_pagada"] == 0 and rows["ges_presupuesto"] == 1 and rows["asociatividad"] == 0
    assert Observation.objects.filter(source="encuesta", year=year).exists()


def test_a_refusal_is_stored_and_stops_the_reminders(client, scheduled, django_capture_on_commit_callbacks):
    _, followup = scheduled
    with django_capture_on_commit_callbacks(execute=True):
        send_due_surveys()
    link = _link(mail.outbox[0])
    client.post(link, {"action": "refuse"})
    client.post(link, {"action": "accept"})  # a later click does not overturn the stored answer
    followup.refresh_from_db()
    assert followup.consent is False
    later = timezone.now() + timezone.timedelta(days=30)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_surveys(now=later) == {"invitations": 0, "reminders": 0}


def test_record_observation_is_how_other_apps_add_a_value(build_call):
    from panal.core.errors import DomainError

    call = build_call(40, 0.0)
    rut = call.decision_snapshot.entries.first().rut
    services.record_observation(rut=rut, year=2024, item="redes_nuevos_clientes", value=3, source="rueda")
    services.record_observation(rut=rut, year=2024, item="redes_nuevos_clientes", value=4, source="rueda")
    assert Observation.objects.get(rut=rut, item="redes_nuevos_clientes").value == 4
    for bad in ({"item": "felicidad"}, {"value": -1}, {"year": 3000}, {"rut": "12.345.678-0"}):
        args = {"rut": rut, "year": 2024, "item": "asociatividad", "value": 1, "source": "rueda"} | bad
        with pytest.raises(DomainError):
            services.record_observation(**args)
