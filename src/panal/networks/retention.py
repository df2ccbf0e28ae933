"""Rueda participations are kept 2 years after their rueda (records.py, «ruedas»), then lose who and what they
said: the name shown, the offer and demand, the messages of their meeting requests and the link to the account.
Roles, sectors, commune, meetings held and follow-up answers stay, so the rueda's figures do not change; the
registry link stays too, because the outcome indicator «redes_nuevos_clientes» is measured per firm for 5 years
(«encuestas»), and the registry applies its own retention (hook: panal.privacy.retention)."""

from datetime import timedelta

from .models import MeetingRequest, Participant

RETENTION_DAYS = 2 * 365
ANONYMOUS = "Participante anonimizado"


def purge_expired(*, now, dry_run: bool) -> list[tuple[str, int]]:
    expired = Participant.objects.filter(rueda__ends_at__lt=now - timedelta(days=RETENTION_DAYS)).exclude(
        name=ANONYMOUS
    )
    count = expired.count()
    if not dry_run:
        ids = list(expired.values_list("pk", flat=True))
        MeetingRequest.objects.filter(requester_id__in=ids).exclude(message="").update(message="")
        Participant.objects.filter(pk__in=ids).update(name=ANONYMOUS, offer="", need="", user=None)
    return [("participantes de ruedas", count)]
