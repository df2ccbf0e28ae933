"""Outcomes listens to applications (dependencies point downstream): a submitted application's baseline answers
become the applicant's first panel row; a call whose decisions close gets its decision snapshot and follow-ups."""

import logging

from panal.applications.selectors import staff_applications
from panal.applications.signals import application_submitted, decisions_closed
from panal.core.errors import DomainError

from . import services
from .models import DecisionSnapshot

logger = logging.getLogger(__name__)

FUNDED_STATES = ("awarded", "accepted")
NOT_ADMISSIBLE_STATES = ("draft", "submitted", "not_admissible")


def _applicant_rut(application) -> str:
    return application.enterprise.rut if application.enterprise_id else application.person.rut


def on_application_submitted(sender, application, **kwargs):

    try:  # record_baseline writes in a savepoint: a baseline that cannot be stored never undoes the submission
        services.record_baseline(
            rut=_applicant_rut(application), call_year=application.call.year, answers=application.answers or {}
        )
    except DomainError:
        logger.warning("No se guardó la línea base de la postulación %s", application.pk)


def snapshot_rows_for_call(call) -> list[dict]:

    rows = []
    for application in staff_applications(call=call):
        rows.append(
            {
                "rut": _applicant_rut(application),
                "score": application.score,
                "admissible": application.state not in NOT_ADMISSIBLE_STATES,
                "funded": application.state in FUNDED_STATES,
                "amount_clp": application.awarded_clp if application.state in FUNDED_STATES else None,
            }
        )
    return rows


def on_decisions_closed(sender, call, **kwargs):

    if DecisionSnapshot.objects.filter(call=call).exists():
        return  # closed again (a second session): the first snapshot stands, immutable
    snapshot = services.write_snapshot(call=call, rows=snapshot_rows_for_call(call), origin="panal")
    services.schedule_followups(snapshot=snapshot)


def connect() -> None:

    application_submitted.connect(on_application_submitted, dispatch_uid="outcomes.on_application_submitted")
    decisions_closed.connect(on_decisions_closed, dispatch_uid="outcomes.on_decisions_closed")
