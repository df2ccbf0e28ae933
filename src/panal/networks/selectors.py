"""Reads of the networks app: ruedas, participants, suggestions, agendas, the live board, the organiser's figures
and the reported business that the outcomes app reads (`reported_business`)."""

from datetime import date, datetime

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from panal.events import selectors as events_selectors
from panal.reference import selectors as reference_selectors

from .matching import Suggestion, score
from .models import (
    FollowUp,
    Meeting,
    MeetingRequest,
    MeetingStatus,
    Participant,
    RequestStatus,
    Role,
    Rueda,
    Slot,
)
from .scheduler.instance import may_meet


def ruedas() -> QuerySet[Rueda]:
    return Rueda.objects.select_related("activity", "activity__edition", "activity__agency").order_by("starts_at")


def get_rueda(pk) -> Rueda | None:
    return ruedas().filter(pk=pk).first()


def rueda_for_activity(activity_id: int) -> Rueda | None:
    return Rueda.objects.filter(activity_id=activity_id).first()


def activities_to_configure(user) -> list:
    """Rueda-type activities of the user's agencies that have no rueda yet (empty for everyone else)."""
    if not getattr(user, "is_authenticated", False) or not events_selectors.can_use_back_office(user):
        return []
    configured = set(Rueda.objects.values_list("activity_id", flat=True))
    return [a for a in events_selectors.manageable_activities(user).filter(type="rueda") if a.pk not in configured]


def can_manage(user, rueda: Rueda) -> bool:
    return events_selectors.can_manage_activity(user, rueda.activity)


def participant_for(user, rueda: Rueda) -> Participant | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Participant.objects.filter(rueda=rueda, user=user).select_related("rueda", "commune").first()


def slots(rueda: Rueda) -> QuerySet[Slot]:
    return Slot.objects.filter(rueda=rueda).order_by("number")


def activity_names(codes) -> dict[str, str]:
    names = {}
    for code in set(codes):
        found = reference_selectors.get_activity(code)
        if found is not None:
            names[code] = found.name
    return names


def browse(
    rueda: Rueda, *, viewer: Participant | None, sector: str = "", commune: str = "", role: str = "", q: str = ""
) -> list[Participant]:
    qs = Participant.objects.filter(rueda=rueda).select_related("commune").order_by("name", "id")
    if viewer is not None:
        qs = qs.exclude(pk=viewer.pk)
    if role in Role.values:
        qs = qs.filter(role=role)
    if commune:
        qs = qs.filter(commune_id=commune)
    if q:
        for word in q.split()[:6]:
            qs = qs.filter(Q(name__icontains=word) | Q(offer__icontains=word) | Q(need__icontains=word))
    people = list(qs)
    if sector:  # JSON lists: filtered in Python, the same on SQLite and PostgreSQL (a rueda has hundreds at most)
        people = [p for p in people if any(code.startswith(sector) for code in p.sectors)]
    return people


def suggestions(viewer: Participant, *, limit: int = 10) -> list[Suggestion]:
    others = [
        p
        for p in Participant.objects.filter(rueda_id=viewer.rueda_id).exclude(pk=viewer.pk).select_related("commune")
        if may_meet(viewer.role, p.role) and not (viewer.role == p.role == Role.BUYER)
    ]
    asked = set(MeetingRequest.objects.filter(requester=viewer).values_list("receiver_id", flat=True))
    names = activity_names(code for p in [viewer, *others] for code in p.sectors)
    ranked = [score(viewer, p, names) for p in others if p.pk not in asked]
    ranked = [s for s in ranked if s.score > 0]
    ranked.sort(key=lambda s: (-s.score, s.participant.name))
    return ranked[:limit]


def requests_of(participant: Participant) -> dict[str, list[MeetingRequest]]:
    base = MeetingRequest.objects.select_related("requester", "receiver").order_by("-created_at", "-id")
    return {
        "received": list(base.filter(receiver=participant)),
        "sent": list(base.filter(requester=participant)),
    }


def agenda_of(participant: Participant) -> list[Meeting]:
    """The participant's meetings in time order, each with `other_name` (who they meet)."""
    meetings = list(
        Meeting.objects.filter(Q(participant_a=participant) | Q(participant_b=participant))
        .exclude(status=MeetingStatus.CANCELLED)
        .select_related("slot", "participant_a", "participant_b", "rueda__activity")
        .order_by("slot__number")
    )
    for m in meetings:
        m.other_name = m.other(participant).name
    return meetings


def meetings(rueda: Rueda) -> QuerySet[Meeting]:
    return (
        Meeting.objects.filter(rueda=rueda)
        .select_related("slot", "participant_a", "participant_b")
        .order_by("slot__number", "table", "id")
    )


def current_slot(rueda: Rueda, now: datetime | None = None) -> Slot | None:
    """The block running now, or the next one; None after the last."""
    now = now or timezone.now()
    return Slot.objects.filter(rueda=rueda, ends_at__gt=now).order_by("number").first()


def board(rueda: Rueda, now: datetime | None = None, *, slot_number: int | None = None) -> dict:
    """Who is at which table in the block running now (or the block asked for), with the blocks around it."""
    if slot_number is not None:
        slot = Slot.objects.filter(rueda=rueda, number=slot_number).first()
    else:
        slot = current_slot(rueda, now)
    rows = list(meetings(rueda).filter(slot=slot)) if slot else []
    table_order = {t: i for i, t in enumerate(rueda.table_labels())}
    rows.sort(key=lambda m: table_order.get(m.table, 0))
    numbers = list(Slot.objects.filter(rueda=rueda).order_by("number").values_list("number", flat=True))
    return {"slot": slot, "meetings": rows, "numbers": numbers}


def stats(rueda: Rueda) -> dict:
    by_request = dict(
        MeetingRequest.objects.filter(rueda=rueda).values_list("status").annotate(n=Count("id")).order_by()
    )
    by_meeting = dict(Meeting.objects.filter(rueda=rueda).values_list("status").annotate(n=Count("id")).order_by())
    business = FollowUp.objects.filter(meeting__rueda=rueda, answered_at__isnull=False).aggregate(
        answers=Count("id"),
        quotations=Count("id", filter=Q(quotation=True)),
        sales=Count("id", filter=Q(sale=True)),
        amount=Sum("amount_clp", filter=Q(sale=True)),
    )
    return {
        "participants": Participant.objects.filter(rueda=rueda).count(),
        "checked_in": Participant.objects.filter(rueda=rueda, checked_in_at__isnull=False).count(),
        "requests": {s.label: by_request.get(s.value, 0) for s in RequestStatus},
        "meetings_scheduled": sum(n for s, n in by_meeting.items() if s != MeetingStatus.CANCELLED),
        "meetings_held": by_meeting.get(MeetingStatus.HELD, 0),
        "no_shows": by_meeting.get(MeetingStatus.NO_SHOW, 0),
        "follow_up_answers": business["answers"],
        "quotations": business["quotations"],
        "sales": business["sales"],
        "sales_amount_clp": business["amount"] or 0,
    }


def due_follow_ups(participant: Participant, today: date | None = None) -> QuerySet[FollowUp]:
    today = today or timezone.localdate()
    return (
        FollowUp.objects.filter(participant=participant, due_on__lte=today)
        .select_related("meeting__slot", "meeting__participant_a", "meeting__participant_b")
        .order_by("answered_at", "due_on", "id")
    )


def reported_business(
    *, since: date | None = None, until: date | None = None, rueda_id: int | None = None
) -> list[dict]:
    """Answered follow-ups, one row per meeting, participant and wave, for the outcomes app's
    `redes_nuevos_clientes` indicator. `enterprise_id` / `person_id` are registry ids (the enterprise when the
    participant took part for one); `amount_clp` is whole CLP and only present with a quotation or a sale."""
    qs = FollowUp.objects.filter(answered_at__isnull=False).select_related(
        "participant", "meeting__slot", "meeting__rueda"
    )
    if rueda_id is not None:
        qs = qs.filter(meeting__rueda_id=rueda_id)
    if since is not None:
        qs = qs.filter(meeting__slot__starts_at__date__gte=since)
    if until is not None:
        qs = qs.filter(meeting__slot__starts_at__date__lte=until)
    return [
        {
            "rueda_id": f.meeting.rueda_id,
            "activity_id": f.meeting.rueda.activity_id,
            "meeting_id": f.meeting_id,
            "met_on": timezone.localtime(f.meeting.slot.starts_at).date(),
            "wave_months": f.wave,
            "participant_id": f.participant_id,
            "enterprise_id": f.participant.enterprise_id,
            "person_id": f.participant.person_id if f.participant.enterprise_id is None else None,
            "role": f.participant.role,
            "counterpart_id": f.meeting.participant_b_id
            if f.participant_id == f.meeting.participant_a_id
            else f.meeting.participant_a_id,
            "quotation": bool(f.quotation),
            "sale": bool(f.sale),
            "amount_clp": f.amount_clp,
            "answered_at": f.answered_at,
            "is_sample": f.meeting.rueda.is_sample,
        }
        for f in qs.order_by("id")
    ]
