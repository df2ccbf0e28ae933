"""The portfolio listens to the applications app (dependencies point downstream): an accepted award becomes a
project inside the acceptance's own transaction; if the project cannot be created (budget used up, beneficiary
without a commune ...) the DomainError undoes the acceptance and the applicant reads why."""

from django.apps import apps
from django.utils import timezone

from panal.applications.selectors import application_summary, current_terms
from panal.applications.signals import award_accepted

from . import grantee, services


def on_award_accepted(sender, application, actor=None, **kwargs):
    decision = getattr(application, "decision", None)
    decided = getattr(decision, "decided_at", None)
    call = application.call
    project = services.create_project_from_award(
        call=call,
        person=application.person if application.enterprise_id is None else None,
        enterprise=application.enterprise if application.enterprise_id else None,
        amount_clp=application.awarded_clp,
        awarded_on=timezone.localdate(decided) if decided else timezone.localdate(),
        title=f"{call.instrument.name} {call.year} · {application.folio or application.pk}",
        source_key=f"application:{application.pk}",
        actor=actor,
    )
    _prepare_grant(project, application, actor)


def connect() -> None:
    if not apps.is_installed("panal.applications"):
        return

    award_accepted.connect(on_award_accepted, dispatch_uid="portfolio.on_award_accepted")


def _prepare_grant(project, application, actor) -> None:
    """The convenio of the award, its budget lines (the application's, scaled to the award) and milestones."""

    terms = current_terms(application.call)
    lines = application_summary(application)["budget"]
    grantee.prepare_grant(
        project=project,
        lines=lines,
        obligations=terms.obligations if terms else (),
        execution_months=terms.execution_months if terms else 6,
        terms_version=terms.version if terms else None,
        actor=actor,
    )
