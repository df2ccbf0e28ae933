"""The agenda: build the scheduler's instance from the accepted requests, solve, store a preliminary agenda,
publish it, and the day's changes (a moved meeting, a no-show), each of which notifies both parties once the
agenda is published."""

from datetime import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from panal.core import audit
from panal.core.errors import DomainError, NotFound, PermissionDenied
from panal.events import selectors as events_selectors

from .. import notifications
from ..models import AgendaStatus, Meeting, MeetingRequest, MeetingStatus, Participant, RequestStatus, Rueda, Slot
from ..scheduler import DEFAULT_ENGINE, parse_instance, schedule
from ..scheduler.instance import parse_instance as _parse
from ..scheduler.solve import Schedule
from .followup import open_follow_ups
from .requests import expire_pending_requests

SINGLE_PRIORITY = 1
MUTUAL_PRIORITY = 2  # both asked each other: the meeting both want counts double


def _managed_rueda(actor, rueda_id: int, *, lock: bool = False) -> Rueda:
    qs = Rueda.objects.select_for_update() if lock else Rueda.objects.all()
    rueda = qs.filter(pk=rueda_id).first()
    if rueda is None:
        raise NotFound(f"No existe la rueda número {rueda_id}.")
    activity = events_selectors.get_activity(rueda.activity_id)
    if not events_selectors.can_manage_activity(actor, activity):
        raise PermissionDenied("Solo el equipo de la institución organizadora gestiona esta rueda.")
    return rueda


def build_instance(rueda: Rueda) -> tuple[dict, dict[str, MeetingRequest]]:
    """The JSON instance of `panal schedule-rueda` for this rueda (one request per pair that someone accepted,
    weighted double when both asked), and the request each instance id stands for."""
    slots = list(Slot.objects.filter(rueda=rueda).order_by("number"))
    participants = list(Participant.objects.filter(rueda=rueda).prefetch_related("available_slots").order_by("id"))
    accepted = list(
        MeetingRequest.objects.filter(rueda=rueda, status=RequestStatus.ACCEPTED).order_by("responded_at", "id")
    )
    asked = set(MeetingRequest.objects.filter(rueda=rueda).values_list("requester_id", "receiver_id"))
    chosen: dict[frozenset, MeetingRequest] = {}
    for request in accepted:
        chosen.setdefault(frozenset((request.requester_id, request.receiver_id)), request)
    requests = []
    for pair, request in chosen.items():
        a, b = tuple(pair)
        mutual = (a, b) in asked and (b, a) in asked
        requests.append(
            {
                "id": str(request.pk),
                "from": str(request.requester_id),
                "to": str(request.receiver_id),
                "priority": MUTUAL_PRIORITY if mutual else SINGLE_PRIORITY,
            }
        )
    data = {
        "slots": [{"id": str(s.number), "start": s.starts_at.isoformat(), "end": s.ends_at.isoformat()} for s in slots],
        "tables": rueda.table_labels(),
        "participants": [
            {
                "id": str(p.pk),
                "role": p.role,
                "available": [str(s.number) for s in sorted(p.available_slots.all(), key=lambda s: s.number)],
                "max_meetings": p.max_meetings,
            }
            for p in participants
        ],
        "requests": requests,
        "fixed_table_for_buyers": rueda.fixed_table_for_buyers,
    }
    return data, {str(r.pk): r for r in chosen.values()}


def schedule_rueda(
    *, actor, rueda_id: int, time_limit: float = 10.0, engine: str = DEFAULT_ENGINE, now: datetime | None = None
) -> Schedule:
    """Solve outside any transaction (it may take seconds), then replace the preliminary agenda in one."""
    now = now or timezone.now()
    rueda = _managed_rueda(actor, rueda_id)
    if rueda.agenda_status == AgendaStatus.FINAL:
        raise DomainError("La agenda ya está publicada: cambie reuniones una a una para avisar a cada participante.")
    expire_pending_requests(rueda_id=rueda.pk, now=now)
    data, by_id = build_instance(rueda)
    if not data["participants"] or not data["requests"]:
        raise DomainError("Todavía no hay solicitudes aceptadas que agendar.")
    result = schedule(parse_instance(data), time_limit=time_limit, engine=engine)
    _store(actor=actor, rueda_id=rueda.pk, result=result, by_id=by_id, now=now)
    return result


@transaction.atomic
def _store(*, actor, rueda_id: int, result: Schedule, by_id: dict, now: datetime) -> None:
    rueda = Rueda.objects.select_for_update().get(pk=rueda_id)
    if rueda.agenda_status == AgendaStatus.FINAL:
        raise DomainError("La agenda se publicó mientras se calculaba; no se reemplazó.")
    slots = {str(s.number): s for s in Slot.objects.filter(rueda=rueda)}
    Meeting.objects.filter(rueda=rueda).delete()
    Meeting.objects.bulk_create(
        Meeting(
            rueda=rueda,
            request=by_id[m["request"]],
            participant_a_id=by_id[m["request"]].requester_id,
            participant_b_id=by_id[m["request"]].receiver_id,
            slot=slots[m["slot"]],
            table=m["table"],
        )
        for m in result.meetings
    )
    if rueda.fixed_table_for_buyers:
        data, _ = build_instance(rueda)
        for pid, table in _parse(data).buyer_tables().items():
            Participant.objects.filter(pk=int(pid)).update(fixed_table=table)
    rueda.agenda_status = AgendaStatus.PRELIMINARY
    rueda.objective, rueda.upper_bound = result.objective, result.upper_bound
    rueda.greedy_objective, rueda.solver_status = result.greedy_objective, result.solver_status
    rueda.solver_seconds, rueda.scheduled_at = result.seconds, now
    rueda.save()
    audit.record(
        actor=actor,
        action="networks.rueda.scheduled",
        obj=rueda,
        after={"meetings": len(result.meetings), "objective": result.objective, "upper_bound": result.upper_bound},
    )


@transaction.atomic
def publish_agenda(*, actor, rueda_id: int, now: datetime | None = None) -> Rueda:
    rueda = _managed_rueda(actor, rueda_id, lock=True)
    if rueda.agenda_status == AgendaStatus.FINAL:
        return rueda  # publishing twice changes nothing and sends nothing
    if rueda.agenda_status != AgendaStatus.PRELIMINARY:
        raise DomainError("Primero calcule la agenda preliminar.")
    rueda.agenda_status, rueda.published_at = AgendaStatus.FINAL, now or timezone.now()
    rueda.save(update_fields=["agenda_status", "published_at"])
    audit.record(actor=actor, action="networks.rueda.published", obj=rueda)
    notifications.send_agenda_published.enqueue(rueda.pk)
    return rueda


def _meeting(actor, meeting_id: int) -> Meeting:
    meeting = Meeting.objects.select_for_update().filter(pk=meeting_id).select_related("rueda", "slot").first()
    if meeting is None:
        raise NotFound(f"No existe la reunión número {meeting_id}.")
    _managed_rueda(actor, meeting.rueda_id)
    return meeting


@transaction.atomic
def move_meeting(*, actor, meeting_id: int, slot_number: int, table: str) -> Meeting:
    meeting = _meeting(actor, meeting_id)
    rueda = meeting.rueda
    slot = Slot.objects.filter(rueda=rueda, number=slot_number).first()
    if slot is None:
        raise DomainError(f"La rueda no tiene el bloque {slot_number}.", field="slot")
    if table not in rueda.table_labels():
        raise DomainError(f"La rueda no tiene la «{table[:30]}».", field="table")
    for person in (meeting.participant_a, meeting.participant_b):
        if not person.available_slots.filter(pk=slot.pk).exists():
            raise DomainError(f"{person.name} no está disponible en el bloque {slot}.", field="slot")
        busy = Meeting.objects.filter(slot=slot).exclude(pk=meeting.pk).exclude(status=MeetingStatus.CANCELLED)
        if busy.filter(Q(participant_a=person) | Q(participant_b=person)).exists():
            raise DomainError(f"{person.name} ya tiene otra reunión en el bloque {slot}.", field="slot")
        if person.fixed_table and person.role == "comprador" and table != person.fixed_table:
            raise DomainError(f"{person.name} tiene mesa fija: {person.fixed_table}.", field="table")
    taken = (
        Meeting.objects.filter(slot=slot, table=table).exclude(pk=meeting.pk).exclude(status=MeetingStatus.CANCELLED)
    )
    if taken.exists():
        raise DomainError(f"La {table} ya está ocupada en el bloque {slot}.", field="table")
    before = {"slot": meeting.slot.number, "table": meeting.table}
    meeting.slot, meeting.table = slot, table
    meeting.save(update_fields=["slot", "table", "updated_at"])
    audit.record(
        actor=actor,
        action="networks.meeting.moved",
        obj=meeting,
        before=before,
        after={"slot": slot_number, "table": table},
    )
    if rueda.agenda_status == AgendaStatus.FINAL:
        notifications.send_meeting_changed.enqueue(meeting.pk, "moved")
    return meeting


@transaction.atomic
def set_meeting_status(*, actor, meeting_id: int, status: str) -> Meeting:
    meeting = _meeting(actor, meeting_id)
    if status not in MeetingStatus.values:
        raise DomainError("Estado de reunión desconocido.", field="status")
    if meeting.status == status:
        return meeting
    before = meeting.status
    meeting.status = status
    meeting.save(update_fields=["status", "updated_at"])
    audit.record(
        actor=actor,
        action="networks.meeting.status_changed",
        obj=meeting,
        before={"status": before},
        after={"status": status},
    )
    if status == MeetingStatus.HELD:
        open_follow_ups(meeting=meeting)
    if meeting.rueda.agenda_status == AgendaStatus.FINAL and status in (MeetingStatus.NO_SHOW, MeetingStatus.CANCELLED):
        notifications.send_meeting_changed.enqueue(meeting.pk, status)
    return meeting


@transaction.atomic
def check_in(*, actor, participant_id: int, now: datetime | None = None) -> tuple[Participant, bool]:
    participant = Participant.objects.select_for_update().filter(pk=participant_id).first()
    if participant is None:
        raise NotFound(f"No existe el participante número {participant_id}.")
    _managed_rueda(actor, participant.rueda_id)
    if participant.checked_in_at is not None:
        return participant, False
    participant.checked_in_at = now or timezone.now()
    participant.save(update_fields=["checked_in_at"])
    audit.record(actor=actor, action="networks.participant.checked_in", obj=participant)
    return participant, True
