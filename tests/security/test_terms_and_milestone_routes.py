"""The staff's bases page (/postulaciones/gestion/bases/, /postulaciones/gestion/consultas/<código>/) and the
project's milestone forms (/proyectos/<código>/ acciones) as a hostile user tries them: another agency's staff, an
applicant, a huge id, a NUL byte, a 10 MB body and the same request 20 times at once. Each is refused or answered
once, and nothing changes that should not."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from panal.applications import services as application_services
from panal.applications.models import CallQuestion, CallTerms
from panal.portfolio import grantee, milestones
from panal.portfolio.models import Milestone
from tests.portfolio.conftest import next_rut
from tests.portfolio.test_concurrency import _race

TERMS = {
    "action": "terms",
    "bases_summary": "Para mujeres de la región.",
    "declaration": "Declaro que lo informado es verdad.",
    "obligations": "Rendir cada gasto.",
    "execution_months": "8",
}
LINES = [{"category": "inversion", "category_label": "Inversiones", "description": "Horno", "amount": 3_500_000}]


@pytest.fixture
def staff(reference_data, make_user):
    return make_user(email="bases@sercotec.cl", role="agency_staff", agency_code="sercotec")


@pytest.fixture
def call(make_call):
    now = timezone.now()
    return make_call(opens_at=now - timedelta(days=2), closes_at=now + timedelta(days=20))


@pytest.fixture
def grant(reference_data, builders, make_user):
    from panal.registry import services as registry

    user = make_user(email=f"hito{next_rut()}@example.cl")
    person = registry.create_person(rut=next_rut(), first_names="Rosa", last_names="Pérez", commune="06101", user=user)
    staff = make_user(email=f"hitos{next_rut()}@panal.cl", role="agency_staff", agency_code="sercotec")
    project = builders.project(builders.call(), amount=3_500_000, person=person, awarded_on=date(2024, 6, 1))
    grantee.prepare_grant(project=project, lines=LINES, execution_months=6)
    project.refresh_from_db()
    return project, user, staff


def _terms_page(call) -> str:
    return reverse("applications:staff_questions", args=[call.code])


def _project_action(project) -> str:
    return reverse("portfolio:staff_action", args=[project.code])


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["corfo", "applicant", "anonymous"])
def test_others_reach_neither_the_bases_page_nor_a_projects_milestones(client, make_user, call, grant, who):
    project, _, _ = grant
    if who == "corfo":
        client.force_login(make_user(email="otra@corfo.cl", role="agency_staff", agency_code="corfo"))
    elif who == "applicant":
        client.force_login(make_user(email="postulante@example.cl"))
    page = client.post(_terms_page(call), TERMS)
    assert page.status_code in (302, 404) and (who == "anonymous" or page.status_code == 404)
    client.post(_project_action(project), {"action": "milestone_add", "title": "Intrusa", "due_on": "2024-08-01"})
    assert not CallTerms.objects.filter(call=call, declaration=TERMS["declaration"]).exists()
    assert not Milestone.objects.filter(title="Intrusa").exists()


@pytest.mark.django_db
def test_huge_or_foreign_ids_change_nothing(client, staff, call, grant):
    client.force_login(staff)
    for raw in (str(10**30), "-1", "1e9", "abc"):
        answer = client.post(_terms_page(call), {"action": "answer", "item": raw, "answer": "Sí"})
        assert answer.status_code == 400 and "No existe esa consulta." in answer.content.decode()
    project, _, project_staff = grant
    client.force_login(project_staff)
    before = list(Milestone.objects.filter(project=project).values_list("title", "due_on", "done_on"))
    for raw in (str(10**30), "-1", "abc"):
        client.post(_project_action(project), {"action": "milestone_mark", "milestone": raw, "status": "done"})
    assert list(Milestone.objects.filter(project=project).values_list("title", "due_on", "done_on")) == before


@pytest.mark.django_db
def test_a_nul_byte_or_a_10_mb_body_is_refused_and_publishes_nothing(client, staff, call):
    client.force_login(staff)
    with_nul = client.post(_terms_page(call), {**TERMS, "declaration": "Declaro\x00"})
    assert 400 <= with_nul.status_code < 500
    huge = client.post(_terms_page(call), {**TERMS, "bases_summary": "x" * 10_000_000})
    assert 400 <= huge.status_code < 500
    assert not CallTerms.objects.filter(call=call, declaration__startswith="Declaro").exists()


@pytest.mark.django_db(transaction=True)
def test_the_same_bases_published_20_times_at_once_make_one_version(staff, call):
    if connection.vendor == "sqlite":
        connection.close()

    def publish(_):
        application_services.publish_terms(
            call=call,
            actor=staff,
            bases_summary=TERMS["bases_summary"],
            declaration=TERMS["declaration"],
            obligations=TERMS["obligations"],
            execution_months=TERMS["execution_months"],
        )

    assert _race(20, publish) == ["ok"] * 20
    assert CallTerms.objects.filter(call=call, declaration=TERMS["declaration"]).count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_same_milestone_added_20_times_at_once_is_kept_once(grant):
    project, _, staff = grant
    if connection.vendor == "sqlite":
        connection.close()

    def add(_):
        milestones.add_milestone(project=project, actor=staff, title="Compra del horno", due_on="2024-08-15")

    assert _race(20, add) == ["ok"] * 20
    assert Milestone.objects.filter(project=project, title="Compra del horno").count() == 1


@pytest.mark.django_db
def test_a_question_answered_twice_keeps_one_answer(client, staff, call, make_applicant):
    asker = make_applicant(email="pregunta@example.cl")
    application_services.set_question_dates(
        call=call, actor=staff, opens_on=timezone.localdate().isoformat(), closes_on=timezone.localdate().isoformat()
    )
    question = application_services.ask_question(call=call, actor=asker, question="¿Puedo postular con boleta?")
    client.force_login(staff)
    for _ in range(2):
        client.post(_terms_page(call), {"action": "answer", "item": question.pk, "answer": "Sí, con boleta."})
    question.refresh_from_db()
    assert question.answer == "Sí, con boleta." and CallQuestion.objects.filter(call=call).count() == 1
