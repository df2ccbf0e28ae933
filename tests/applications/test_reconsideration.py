# ruff: noqa: F811  (the shared fixtures imported below are parameters of these tests)
"""Recurso de reposición: five Chilean business days from the notification, filed with text and attachments, resolved
by staff with reasons; an accepted one reopens the decision in committee; audited and notified."""

import pytest
from django.core import mail
from django.urls import reverse

from panal.applications import selectors, services
from panal.applications.models import Decision, StatusChange
from panal.core.errors import DomainError, PermissionDenied
from panal.core.models import AuditEntry

from .conftest import chile, pdf_file
from .test_review_and_committee import _evaluated, _session, people, submitted  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def rejected(submitted, people):  # noqa: F811
    application, user = submitted()
    _evaluated(application, people)
    session = _session(application.call, people)
    services.decide(
        session=session, application=application, actor=people["member1"], outcome="reject", reason="Puntaje bajo."
    )
    application.refresh_from_db()
    return application, user, session


def _notified_on(application, moment):
    StatusChange.objects.filter(application=application, transition="reject").update(created_at=moment)


def test_deadline_counts_five_chilean_business_days_from_the_notification(rejected):
    application, user, _ = rejected
    # notified Wednesday 17-09-2025; 18 and 19 are Fiestas Patrias, then a weekend: 22, 23, 24, 25, 26
    _notified_on(application, chile(2025, 9, 17, 10))
    assert services.contestable(application, now=chile(2025, 9, 26, 23, 59))["deadline"].isoformat() == "2025-09-26"
    assert services.contestable(application, now=chile(2025, 9, 26, 23, 59))["open"]
    with pytest.raises(DomainError, match="venció el 26-09-2025") as late:
        services.file_reconsideration(
            application=application, actor=user, text="Pido revisar.", now=chile(2025, 9, 27, 0, 1)
        )
    assert late.value.code == "late"


def test_applicant_files_with_attachments_once_and_is_notified(rejected, django_capture_on_commit_callbacks):
    application, user, _ = rejected
    with django_capture_on_commit_callbacks(execute=True):
        item = services.file_reconsideration(
            application=application,
            actor=user,
            text="El puntaje de mercado no consideró mis ventas.",
            files=[pdf_file("ventas.pdf")],
        )
    again = services.file_reconsideration(application=application, actor=user, text="otra vez")
    assert again.pk == item.pk and item.attachments.count() == 1
    assert "Recibimos su recurso" in mail.outbox[-1].subject
    assert AuditEntry.objects.filter(action="applications.reconsideration.filed").exists()


def test_empty_text_and_a_foreign_applicant_are_refused(rejected, make_applicant):
    application, user, _ = rejected
    with pytest.raises(DomainError, match="fundamentos"):
        services.file_reconsideration(application=application, actor=user, text=" \x00 ")
    with pytest.raises(PermissionDenied):
        services.file_reconsideration(application=application, actor=make_applicant(), text="No es mía.")


def test_accepted_reconsideration_reopens_the_decision_in_committee(
    rejected,
    people,
    django_capture_on_commit_callbacks,  # noqa: F811
):
    application, user, session = rejected
    item = services.file_reconsideration(application=application, actor=user, text="Revisen el puntaje.")
    assert list(selectors.reconsiderations_to_resolve(people["staff"])) == [item]
    assert not selectors.reconsiderations_to_resolve(people["corfo"]).exists()
    with pytest.raises(PermissionDenied):
        services.resolve_reconsideration(reconsideration=item, actor=people["corfo"], accept=True, reasons="x")
    with pytest.raises(DomainError, match="fundamentos"):
        services.resolve_reconsideration(reconsideration=item, actor=people["staff"], accept=True, reasons="")
    with django_capture_on_commit_callbacks(execute=True):
        services.resolve_reconsideration(
            reconsideration=item, actor=people["staff"], accept=True, reasons="El puntaje omitió las ventas."
        )
    application.refresh_from_db()
    assert application.state == "evaluated" and application.decision is None
    assert Decision.objects.get(application=application).reopened_at is not None
    assert "acogido" in mail.outbox[-1].subject
    # the committee decides again
    services.decide(
        session=session,
        application=application,
        actor=people["member1"],
        outcome="award",
        reason="Reevaluada.",
        amount_clp=3_500_000,
    )
    application.refresh_from_db()
    assert application.state == "awarded" and application.decision.outcome == "award"
    assert not selectors.reconsiderations_to_resolve(people["staff"]).exists()


def test_rejected_reconsideration_keeps_the_decision(rejected, people):  # noqa: F811
    application, user, _ = rejected
    item = services.file_reconsideration(application=application, actor=user, text="Revisen.")
    services.resolve_reconsideration(reconsideration=item, actor=people["staff"], accept=False, reasons="Sin mérito.")
    application.refresh_from_db()
    assert application.state == "rejected"
    with pytest.raises(DomainError, match="ya fue resuelto"):
        services.resolve_reconsideration(reconsideration=item, actor=people["staff"], accept=True, reasons="x")


def test_pages_file_and_resolve(client, rejected, people):  # noqa: F811
    application, user, _ = rejected
    client.force_login(user)
    page = client.get(reverse("applications:detail", args=[application.pk])).content.decode()
    assert "recurso de reposición" in page
    client.post(reverse("applications:reconsider", args=[application.pk]), {"text": "Mis ventas no se vieron."})
    item = application.reconsiderations.get()
    assert client.get(reverse("applications:reconsideration", args=[item.pk])).status_code == 404  # not staff
    client.force_login(people["staff"])
    assert "Mis ventas" in client.get(reverse("applications:reconsideration", args=[item.pk])).content.decode()
    client.post(reverse("applications:reconsideration", args=[item.pk]), {"decision": "reject", "reasons": "No."})
    item.refresh_from_db()
    assert item.state == "rejected"


def test_my_data_download_has_my_application_and_recurso_only(client, rejected, submitted):
    import json

    application, user, _ = rejected
    services.file_reconsideration(application=application, actor=user, text="Revisen mis ventas.")
    someone_else, _ = submitted()
    client.force_login(user)
    data = json.loads(client.get(reverse("registry:my_data_download")).content)
    assert [a["folio"] for a in data["postulaciones"]] == [application.folio]
    assert data["recursos_de_reposicion"][0]["fundamentos"] == "Revisen mis ventas."
    assert someone_else.folio not in json.dumps(data)
