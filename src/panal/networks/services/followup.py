"""Follow-up: at 3 and 12 months after a held meeting, each participant says whether it led to a quotation or a
sale and for how much (whole CLP). The outcomes app reads the answers through selectors.reported_business."""

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from panal.core.errors import DomainError, NotFound

from ..models import FollowUp, FollowUpWave, Meeting, Participant

MAX_AMOUNT_CLP = 10**13


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def open_follow_ups(*, meeting: Meeting) -> list[FollowUp]:
    held_on = timezone.localtime(meeting.slot.starts_at).date()
    created = []
    for participant_id in (meeting.participant_a_id, meeting.participant_b_id):
        for wave in FollowUpWave.values:
            item, new = FollowUp.objects.get_or_create(
                meeting=meeting,
                participant_id=participant_id,
                wave=wave,
                defaults={"due_on": _add_months(held_on, wave)},
            )
            if new:
                created.append(item)
    return created


@transaction.atomic
def answer_follow_up(
    *,
    participant: Participant,
    follow_up_id: int,
    quotation: bool,
    sale: bool,
    amount_clp: int | None = None,
    now: datetime | None = None,
) -> FollowUp:
    now = now or timezone.now()
    item = FollowUp.objects.select_for_update().filter(pk=follow_up_id, participant=participant).first()
    if item is None:
        raise NotFound("No tiene un seguimiento con ese número.")
    if item.due_on > timezone.localtime(now).date():
        raise DomainError(f"Este seguimiento se responde desde el {item.due_on:%d-%m-%Y}.")
    if amount_clp is not None and (
        isinstance(amount_clp, bool) or not isinstance(amount_clp, int) or not 0 <= amount_clp < MAX_AMOUNT_CLP
    ):
        raise DomainError("Escriba el monto en pesos, sin puntos ni decimales.", field="amount_clp")
    if amount_clp and not (quotation or sale):
        raise DomainError("Indique si hubo cotización o venta para informar un monto.", field="amount_clp")
    item.quotation, item.sale = bool(quotation), bool(sale)
    item.amount_clp = amount_clp if (quotation or sale) else None
    item.answered_at = now
    item.save(update_fields=["quotation", "sale", "amount_clp", "answered_at"])
    return item
