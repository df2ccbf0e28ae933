"""Committees: members with roles and institutions are cited by e-mail, abstain on conflicts, amounts read
naturally, and the acta PDF says who, what and why, is versioned and, once closed, never changes."""

import io
from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone
from pypdf import PdfReader

from panal.applications import services, signals
from panal.core.errors import DomainError, PermissionDenied

pytestmark = pytest.mark.django_db
HIGH = {"coherencia": 7, "mercado": 6, "presupuesto": 6, "impacto": 6}


@pytest.fixture
def people(make_user):
    staff = make_user(email="analista@sercotec.cl", role="agency_staff", agency_code="sercotec")
    members = []
    for n, (first, last) in enumerate((("Pablo", "Silva"), ("Marta", "Rojas"), ("Luis", "Soto")), 1):
        user = make_user(email=f"cer{n}@gore.cl", role="committee_member")
        user.first_name, user.last_name = first, last
        user.save()
        members.append(user)
    return {"staff": staff, "members": members, "evaluator": make_user(email="evalua@panal.cl", role="evaluator")}


@pytest.fixture
def evaluated(make_call, complete_draft, people):
    call = make_call()
    staff = people["staff"]

    def make():
        application, applicant = complete_draft(call=call)
        services.submit_application(application=application, actor=applicant)
        services.review(application=application, actor=staff, name="declare_admissible")
        services.review(application=application, actor=staff, name="start_evaluation")
        assignment = services.assign_evaluator(application=application, actor=staff, evaluator=people["evaluator"])
        services.declare_conflict(assignment=assignment, actor=people["evaluator"], conflict=False)
        services.score(assignment=assignment, actor=people["evaluator"], scores=HIGH)
        return services.review(application=application, actor=staff, name="close_evaluation")

    return make


def _session(call, people, quorum=2):
    seats = {
        people["members"][0].pk: {"role": "president", "institution": "Gobierno Regional de O'Higgins"},
        people["members"][1].pk: {"role": "secretary", "institution": "Sercotec O'Higgins"},
    }
    return services.create_session(
        call=call,
        actor=people["staff"],
        held_at=timezone.now() + timedelta(days=3),
        quorum=quorum,
        members=people["members"],
        place="Sala del Consejo, Rancagua",
        agenda="Ranking y decisiones de Capital Abeja.",
        seats=seats,
    )


def _text(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())


def test_each_member_is_cited_with_date_place_agenda_and_materials(
    django_capture_on_commit_callbacks, evaluated, people
):
    application = evaluated()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        session = _session(application.call, people)
    assert sorted(m.to[0] for m in mail.outbox) == ["cer1@gore.cl", "cer2@gore.cl", "cer3@gore.cl"]
    body = mail.outbox[0].body
    assert "Sala del Consejo, Rancagua" in body and "Ranking y decisiones de Capital Abeja." in body
    assert f"/postulaciones/comite/sesion/{session.pk}/" in body
    assert mail.outbox[0].subject.startswith("Citación")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.reschedule_session(
            session=session, actor=people["staff"], held_at=timezone.now() + timedelta(days=5), place="Online"
        )
    assert len(mail.outbox) == 3 and mail.outbox[0].subject.startswith("Cambio de fecha o lugar")


def test_evaluators_are_told_when_assigned_and_reminded_two_business_days_before(
    django_capture_on_commit_callbacks, make_call, complete_draft, people
):
    from panal.applications.notifications import send_evaluation_reminders

    application, applicant = complete_draft(call=make_call())
    services.submit_application(application=application, actor=applicant)
    services.review(application=application, actor=people["staff"], name="declare_admissible")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assignment = services.assign_evaluator(
            application=application, actor=people["staff"], evaluator=people["evaluator"], due_on=date(2030, 12, 27)
        )
    assert [m.to for m in mail.outbox] == [["evalua@panal.cl"]]
    assert "27-12-2030" in mail.outbox[0].body
    mail.outbox.clear()
    # Due Friday 27 December 2030: two business days before is Tuesday the 24th (Christmas is a holiday).
    with django_capture_on_commit_callbacks(execute=True):
        assert send_evaluation_reminders("2030-12-23") == 0
        assert send_evaluation_reminders("2030-12-24") == 1
        assert send_evaluation_reminders("2030-12-24") == 0
    assert len(mail.outbox) == 1 and mail.outbox[0].subject.startswith("Recordatorio")
    assignment.refresh_from_db()
    assert assignment.reminded_on == date(2030, 12, 24)


def test_a_member_with_a_conflict_abstains_and_cannot_decide_that_application(evaluated, people):
    application = evaluated()
    session = _session(application.call, people, quorum=2)
    pablo, marta, luis = people["members"]
    services.record_attendance(session=session, actor=people["staff"], present=[pablo, marta, luis])
    services.abstain(session=session, actor=luis, application=application, reason="Es cliente de mi empresa.")
    with pytest.raises(PermissionDenied):
        services.decide(session=session, application=application, actor=luis, outcome="reject", reason="x")
    decision = services.decide(
        session=session, application=application, actor=pablo, outcome="award", amount_clp=3500000, reason="Buen plan."
    )
    assert decision.amount_clp == 3500000


def test_abstentions_that_break_the_quorum_stop_the_decision(evaluated, people):
    application = evaluated()
    session = _session(application.call, people, quorum=2)
    pablo, marta, _ = people["members"]
    services.record_attendance(session=session, actor=people["staff"], present=[pablo, marta])
    services.abstain(session=session, actor=marta, application=application, reason="Parentesco.")
    with pytest.raises(DomainError) as refused:
        services.decide(session=session, application=application, actor=pablo, outcome="reject", reason="x")
    assert refused.value.field == "quorum"


def test_a_wrong_amount_reads_naturally(evaluated, people):
    application = evaluated()
    session = _session(application.call, people, quorum=1)
    services.record_attendance(session=session, actor=people["staff"], present=people["members"][:1])
    with pytest.raises(DomainError) as refused:
        services.decide(
            session=session,
            application=application,
            actor=people["members"][0],
            outcome="award",
            amount_clp=3000000,
            reason="Adjudica.",
        )
    assert refused.value.message == "El monto de esta convocatoria es $3.500.000."
    assert services.amount_rule(1000000, 3000000) == "El monto debe estar entre $1.000.000 y $3.000.000."


def test_the_acta_lists_members_attendance_decisions_and_abstentions_and_is_final_after_closing(
    client, evaluated, people
):
    awarded, rejected = evaluated(), evaluated()
    session = _session(awarded.call, people, quorum=2)
    pablo, marta, luis = people["members"]
    services.record_attendance(session=session, actor=people["staff"], present=[pablo, marta, luis])
    services.abstain(session=session, actor=luis, application=rejected, reason="Es mi cuñada.")
    services.decide(
        session=session, application=awarded, actor=pablo, outcome="award", amount_clp=3500000, reason="Plan sólido."
    )
    services.decide(session=session, application=rejected, actor=pablo, outcome="reject", reason="Sin cupo.")

    client.force_login(pablo)
    draft = client.get(f"/postulaciones/comite/sesion/{session.pk}/acta.pdf")
    assert "BORRADOR" in _text(draft.content)
    with pytest.raises(PermissionDenied):
        services.close_session(session=session, actor=people["staff"])  # staff is not a present member
    services.close_session(session=session, actor=pablo, notes="Sin observaciones.")

    first = client.get(f"/postulaciones/comite/sesion/{session.pk}/acta.pdf")
    text = _text(first.content)
    for expected in (
        "Pablo Silva",
        "Gobierno Regional de O'Higgins",
        "Presidente/a",
        "Secretario/a",
        "Presentes: 3",
        "Quórum requerido: 2",
        awarded.folio,
        "Adjudicar",
        "$3.500.000",
        "Plan sólido.",
        "Luis Soto se abstiene: Es mi cuñada.",
        "Firmas",
        "versión definitiva",
    ):
        assert expected in text, expected
    final = session.acta_versions.get(final=True)
    assert final.sha256 in text.replace("\n", "").replace(" ", "")
    assert client.get(f"/postulaciones/comite/sesion/{session.pk}/acta.pdf").content == first.content
    assert session.acta_versions.count() == 2  # the draft and the final
    with pytest.raises(DomainError):
        services.decide(session=session, application=awarded, actor=pablo, outcome="reject", reason="Cambio.")


def test_decisions_closed_is_sent_when_the_last_session_of_the_call_closes(
    django_capture_on_commit_callbacks, evaluated, people
):
    application = evaluated()
    first, second = _session(application.call, people, quorum=1), _session(application.call, people, quorum=1)
    heard = []

    def listener(sender, call, **kwargs):
        heard.append(call.pk)

    signals.decisions_closed.connect(listener)
    try:
        pablo = people["members"][0]
        for session in (first, second):
            services.record_attendance(session=session, actor=people["staff"], present=[pablo])
        with django_capture_on_commit_callbacks(execute=True):
            services.close_session(session=first, actor=pablo)
        assert heard == []
        with django_capture_on_commit_callbacks(execute=True):
            services.close_session(session=second, actor=pablo)
        assert heard == [application.call_id]
    finally:
        signals.decisions_closed.disconnect(listener)
