"""Publishing a call's results: a public list (natural persons by folio only), and each applicant told their own
decision, scores and reasons, and from when the reconsideration deadline runs (Ley 19.880, art. 59: 5 business
days from the notification)."""

from django.db import transaction
from django.utils import timezone

from panal.core import audit
from panal.core.errors import DomainError, PermissionDenied
from panal.reference.business_days import add_business_days

from ..models import Application, CommitteeSession, Decision, ResultsPublication
from ..notifications import send_result_email
from .common import logs_refusals

RECONSIDERATION_BUSINESS_DAYS = 5
# Everything that passed admissibility (including what the applicant later accepted or declined).
ADMISSIBLE_STATES = (
    "admissible",
    "in_evaluation",
    "evaluated",
    "awarded",
    "waitlisted",
    "rejected",
    "accepted",
    "declined",
)


@logs_refusals
@transaction.atomic
def publish_results(*, call, actor, today=None) -> ResultsPublication:
    if actor is None or not actor.has_perm("applications.run_committee", call):
        raise PermissionDenied(
            "Solo el equipo de la institución de la convocatoria publica sus resultados.", field="call"
        )
    if ResultsPublication.objects.filter(call=call).exists():
        raise DomainError("Los resultados de esta convocatoria ya están publicados.", field="call")
    if CommitteeSession.objects.filter(call=call, closed_at__isnull=True).exists():
        raise DomainError("Hay una sesión de comité abierta: ciérrela antes de publicar.", field="call")
    if not Decision.objects.filter(session__call=call).exists():
        raise DomainError("El comité aún no registra decisiones para esta convocatoria.", field="call")
    today = today or timezone.localdate()
    publication = ResultsPublication.objects.create(
        call=call,
        published_by=actor,
        reconsideration_from=today,
        reconsideration_until=add_business_days(today, RECONSIDERATION_BUSINESS_DAYS, call.region_id),
    )
    audit.record(actor=actor, action="applications.results.published", obj=publication)

    for pk in Application.objects.filter(call=call, state__in=ADMISSIBLE_STATES).values_list("pk", flat=True):
        send_result_email.enqueue(pk)
    return publication
