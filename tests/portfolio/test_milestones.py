"""Milestones (hitos) kept by the agency's staff from the shared project page: add, change title and due date, mark
done or pending again; the grantee sees them; bad input names the field and changes nothing; a closed project takes
no change; staff of another agency and the grantee cannot write them. And staff never countersign their own
convenio."""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from panal.core.errors import DomainError, PermissionDenied
from panal.core.models import AuditEntry
from panal.portfolio import grantee, milestones
from panal.portfolio.models import Milestone

from .conftest import next_rut

pytestmark = pytest.mark.django_db

LINES = [{"category": "inversion", "category_label": "Inversiones", "description": "Horno", "amount": 3_500_000}]


@pytest.fixture
def grant(builders, make_user):
    """A project awarded to a person with an account, its convenio prepared (with its three milestones)."""
    from panal.registry import services as registry

    user = make_user(email=f"beneficiaria{next_rut()}@example.cl")
    person = registry.create_person(
        rut=next_rut(), first_names="Rosa", last_names="Pérez", sex="F", commune="06101", user=user
    )
    staff = make_user(email=f"sercotec{next_rut()}@panal.cl", role="agency_staff", agency_code="sercotec")
    project = builders.project(builders.call(), amount=3_500_000, person=person, awarded_on=date(2024, 6, 1))
    grantee.prepare_grant(project=project, lines=LINES, execution_months=6)
    project.refresh_from_db()
    return project, user, staff


def _post(client, project, **data):
    return client.post(reverse("portfolio:staff_action", args=[project.code]), data, follow=True)


def test_staff_add_edit_and_mark_a_milestone_and_the_grantee_sees_it(client, grant):
    project, user, staff = grant
    client.force_login(staff)
    _post(client, project, action="milestone_add", title="Compra del horno", due_on="2024-08-15")
    added = Milestone.objects.get(project=project, title="Compra del horno")
    _post(client, project, action="milestone_edit", milestone=added.pk, title="Horno instalado", due_on="2024-09-01")
    page = _post(client, project, action="milestone_mark", milestone=added.pk, status="done", done_on="2024-08-30")
    assert "Estado del hito guardado." in page.content.decode()
    added.refresh_from_db()
    assert (added.title, added.due_on, added.done_on) == ("Horno instalado", date(2024, 9, 1), date(2024, 8, 30))
    audited = AuditEntry.objects.filter(action__startswith="portfolio.milestone.")
    actions = list(audited.values_list("action", flat=True))
    assert sorted(actions) == ["portfolio.milestone.added", "portfolio.milestone.edited", "portfolio.milestone.marked"]
    client.force_login(user)
    shown = client.get(reverse("portfolio:project", args=[project.code])).content.decode()
    assert "Horno instalado" in shown and "Cumplido el 30-08-2024" in shown
    assert "Guardar hito" not in shown


def test_a_done_milestone_can_be_set_pending_again(grant):
    project, _, staff = grant
    item = Milestone.objects.get(project=project, key="informe")
    milestones.mark_milestone(milestone=item, actor=staff, status="done")
    assert Milestone.objects.get(pk=item.pk).done_on == timezone.localdate()
    milestones.mark_milestone(milestone=item, actor=staff, status="pending")
    assert Milestone.objects.get(pk=item.pk).done_on is None


@pytest.mark.parametrize(
    ("service", "values", "field", "message"),
    [
        ("add", {"title": "  ", "due_on": "2024-08-01"}, "title", "Escriba la descripción del hito."),
        ("add", {"title": "x" * 201, "due_on": "2024-08-01"}, "title", "hasta 200 caracteres"),
        ("add", {"title": "Compra", "due_on": ""}, "due_on", "Escriba la fecha comprometida del hito."),
        ("add", {"title": "Compra", "due_on": "31-31-2024"}, "due_on", "La fecha comprometida del hito debe ser"),
        ("add", {"title": "Compra", "due_on": "2024-05-01"}, "due_on", "anterior al inicio del proyecto (01-06-2024)"),
        ("edit", {"title": "", "due_on": "2024-08-01"}, "title", "Escriba la descripción del hito."),
        ("edit", {"title": "Firma", "due_on": "ayer"}, "due_on", "La fecha comprometida del hito debe ser"),
        ("mark", {"status": "quizás"}, "status", "Elija el estado del hito: pendiente o cumplido."),
        ("mark", {"status": "done", "done_on": "mañana"}, "done_on", "La fecha de cumplimiento del hito debe ser"),
        ("mark", {"status": "done", "done_on": "__future"}, "done_on", "no puede ser futura"),
    ],
)
def test_bad_milestone_input_is_refused_naming_the_field_and_changes_nothing(grant, service, values, field, message):
    project, _, staff = grant
    before = list(Milestone.objects.filter(project=project).values_list("title", "due_on", "done_on"))
    item = Milestone.objects.get(project=project, key="convenio")
    if values.get("done_on") == "__future":
        values = {**values, "done_on": timezone.localdate() + timedelta(days=1)}
    call = {
        "add": lambda: milestones.add_milestone(project=project, actor=staff, **values),
        "edit": lambda: milestones.edit_milestone(milestone=item, actor=staff, **values),
        "mark": lambda: milestones.mark_milestone(milestone=item, actor=staff, **values),
    }[service]
    with pytest.raises(DomainError, match=re.escape(message)) as refused:
        call()
    assert refused.value.field == field
    assert list(Milestone.objects.filter(project=project).values_list("title", "due_on", "done_on")) == before


def test_a_closed_project_takes_no_milestone_change(grant):
    project, _, staff = grant
    project.status = "cerrado"
    project.save(update_fields=["status"])
    item = Milestone.objects.get(project=project, key="convenio")
    for attempt in (
        lambda: milestones.add_milestone(project=project, actor=staff, title="Otro", due_on="2024-08-01"),
        lambda: milestones.edit_milestone(milestone=item, actor=staff, title="Otro", due_on="2024-08-01"),
        lambda: milestones.mark_milestone(milestone=item, actor=staff, status="done"),
    ):
        with pytest.raises(DomainError, match="está cerrado"):
            attempt()
    assert Milestone.objects.filter(project=project).count() == 3


def test_the_grantee_and_another_agency_cannot_change_milestones(client, grant, make_user):
    project, user, _ = grant
    corfo = make_user(email="x@corfo.cl", role="agency_staff", agency_code="corfo")
    with pytest.raises(PermissionDenied):
        milestones.add_milestone(project=project, actor=user, title="Mío", due_on="2024-08-01")
    client.force_login(user)
    page = _post(client, project, action="milestone_add", title="Mío", due_on="2024-08-01")
    assert "Solo el equipo de la institución" in page.content.decode()
    client.force_login(corfo)
    assert _post(client, project, action="milestone_add", title="Ajeno", due_on="2024-08-01").status_code == 404
    assert not Milestone.objects.filter(project=project, title__in=("Mío", "Ajeno")).exists()


def test_a_milestone_of_another_project_cannot_be_changed_from_this_one(client, grant, builders):
    project, _, staff = grant
    other = builders.project(builders.call(), amount=1_000_000)
    grantee.prepare_grant(project=other, lines=LINES, execution_months=6)
    foreign = Milestone.objects.get(project=other, key="convenio")
    client.force_login(staff)
    page = _post(client, project, action="milestone_edit", milestone=foreign.pk, title="Cambiado", due_on="2024-08-01")
    assert "No existe ese hito en este proyecto." in page.content.decode()
    foreign.refresh_from_db()
    assert foreign.title != "Cambiado"


@pytest.mark.parametrize("raw", ["99999999999999999999", "-1", "uno", ""])
def test_a_huge_or_malformed_milestone_id_changes_nothing(client, grant, raw):
    project, _, staff = grant
    client.force_login(staff)
    page = _post(client, project, action="milestone_mark", milestone=raw, status="done")
    assert page.status_code == 200 and "No existe ese hito en este proyecto." in page.content.decode()
    assert not Milestone.objects.filter(project=project, done_on__isnull=False).exists()


def test_staff_cannot_countersign_a_convenio_they_are_the_grantee_of(builders, make_user):
    from panal.registry import services as registry

    staff = make_user(email=f"doble{next_rut()}@sercotec.cl", role="agency_staff", agency_code="sercotec")
    person = registry.create_person(
        rut=next_rut(), first_names="Ana", last_names="Lagos", sex="F", commune="06101", user=staff
    )
    project = builders.project(builders.call(), amount=3_500_000, person=person)
    grantee.prepare_grant(project=project, lines=LINES, execution_months=6)
    grantee.accept_grant(project=project, actor=staff)
    with pytest.raises(DomainError, match="No puede firmar por la institución un convenio del que usted es"):
        grantee.countersign_grant(project=project, actor=staff)
    project.grant_agreement.refresh_from_db()
    assert project.grant_agreement.countersigned_at is None
    colleague = make_user(email=f"colega{next_rut()}@sercotec.cl", role="agency_staff", agency_code="sercotec")
    assert grantee.countersign_grant(project=project, actor=colleague).countersigned_at is not None


def test_staff_cannot_countersign_for_an_enterprise_they_represent(builders, make_user):
    from panal.registry import services as registry

    staff = make_user(email=f"socia{next_rut()}@sercotec.cl", role="agency_staff", agency_code="sercotec")
    person = registry.create_person(
        rut=next_rut(), first_names="Eva", last_names="Rojas", sex="F", commune="06101", user=staff
    )
    enterprise = builders.enterprise()
    registry.add_representation(person=person, enterprise=enterprise, role="representante_legal", actor=staff)
    project = builders.project(builders.call(), amount=3_500_000, enterprise=enterprise)
    grantee.prepare_grant(project=project, lines=LINES, execution_months=6)
    grantee.accept_grant(project=project, actor=staff)
    with pytest.raises(DomainError, match="representante"):
        grantee.countersign_grant(project=project, actor=staff)
