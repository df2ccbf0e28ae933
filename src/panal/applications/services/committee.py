"""Committee sessions and decisions: awards never exceed the call's budget or places; the waitlist."""

from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone

from panal.core import audit
from panal.core.errors import DomainError, PermissionDenied
from panal.core.money import format_clp
from panal.core.roles import COMMITTEE_MEMBER, has_role

from ..models import (
    Application,
    ApplicationForm,
    CommitteeSession,
    Decision,
)
from ..rules import is_administrator
from ..workflow import ACCEPTED, AWARDED, EVALUATED, WAITLISTED
from .common import _check_perm, _lock, apply_transition, logs_refusals

# --- committee ------------------------------------------------------------------------------------------------------


@logs_refusals
@transaction.atomic
def create_session(*, call, actor, held_at, quorum: int, members, committee: str = "cer", place: str = ""):
    if not (has_role(actor, "agency_staff") or is_administrator(actor)):
        raise PermissionDenied("Solo el equipo de la institución puede convocar al comité.", field="call")
    members = list(members)
    if not members or any(not has_role(m, COMMITTEE_MEMBER) for m in members):
        raise DomainError("Todos los integrantes deben tener el rol de integrante de comité.", field="members")
    if not 1 <= quorum <= len(members):
        raise DomainError(f"El quórum debe estar entre 1 y {len(members)} integrantes.", field="quorum")
    session = CommitteeSession.objects.create(
        call=call, committee=committee, held_at=held_at, quorum=quorum, place=place, created_by=actor
    )
    session.members.set(members)
    audit.record(actor=actor, action="applications.session.created", obj=session, after={"quorum": quorum})
    return session


@logs_refusals
@transaction.atomic
def record_attendance(*, session: CommitteeSession, actor, present) -> CommitteeSession:
    session = CommitteeSession.objects.select_for_update().get(pk=session.pk)
    if actor is None or not (session.created_by_id == actor.pk or session.members.filter(pk=actor.pk).exists()):
        raise PermissionDenied("Solo quien convocó o integra el comité registra la asistencia.", field="present")
    present = list(present)
    member_ids = set(session.members.values_list("pk", flat=True))
    if any(p.pk not in member_ids for p in present):
        raise DomainError("Solo pueden estar presentes integrantes del comité.", field="present")
    session.present.set(present)
    audit.record(
        actor=actor, action="applications.session.attendance_recorded", obj=session, after={"present": len(present)}
    )
    return session


def _committed_clp(call_id) -> tuple[int, int]:
    rows = Application.objects.filter(call_id=call_id, state__in=(AWARDED, ACCEPTED))
    return rows.aggregate(total=Sum("awarded_clp"))["total"] or 0, rows.count()


def _check_capacity(call, amount: int) -> None:
    """Within the locking transaction: the award fits the call's remaining budget and places."""
    committed, awarded = _committed_clp(call.pk)
    if call.budget_clp is not None and committed + amount > call.budget_clp:
        raise DomainError(
            f"Adjudicar {format_clp(amount)} supera el presupuesto de la convocatoria: ya hay {format_clp(committed)} "
            f"adjudicados de {format_clp(call.budget_clp)} (quedan {format_clp(call.budget_clp - committed)}).",
            field="amount_clp",
        )
    if call.places is not None and awarded + 1 > call.places:
        raise DomainError(f"Ya se adjudicaron los {call.places} cupos de la convocatoria.", field="amount_clp")


def _decide_one(session, application, actor, outcome: str, amount, reason: str) -> Decision:
    application = _lock(application)
    _check_perm(actor, "decide", application, "Solo integrantes del comité pueden decidir.")
    if application.call_id != session.call_id:
        raise DomainError("La postulación no es de la convocatoria de esta sesión.", field="application")
    if outcome not in ("award", "waitlist", "reject"):
        raise DomainError("La decisión debe ser adjudicar, lista de espera o no seleccionar.", field="outcome")
    if application.state != EVALUATED:
        raise DomainError(
            f"La postulación {application.folio} no está evaluada (estado: {application.state_label}).", field="state"
        )
    call = application.call
    extra = {}
    if outcome == "award":
        if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
            raise DomainError("Indique el monto adjudicado en pesos (entero mayor que cero).", field="amount_clp")
        low, high = call.subsidy_min_clp, call.subsidy_max_clp
        if (low is not None and amount < low) or (high is not None and amount > high):
            raise DomainError(
                f"El monto debe estar entre {format_clp(low or 0)} y {format_clp(high)} según las bases.",
                field="amount_clp",
            )
        _check_capacity(call, amount)
        application.awarded_clp = amount
        extra["awarded_clp"] = amount
    elif outcome == "waitlist":
        last = Application.objects.filter(call_id=call.pk, state=WAITLISTED).aggregate(m=Max("waitlist_position"))["m"]
        application.waitlist_position = (last or 0) + 1
        extra["waitlist_position"] = application.waitlist_position
    apply_transition(application=application, actor=actor, name=outcome, reason=reason, extra_audit=extra)
    return Decision.objects.create(
        session=session,
        application=application,
        outcome=outcome,
        amount_clp=amount if outcome == "award" else None,
        reason=reason.strip(),
        decided_by=actor,
    )


def _open_session(session, actor) -> CommitteeSession:
    session = CommitteeSession.objects.select_for_update().get(pk=session.pk)
    if session.closed_at is not None:
        raise DomainError("La sesión ya está cerrada; su acta no cambia.", field="session")
    if actor is None or not session.present.filter(pk=actor.pk).exists():
        raise PermissionDenied("Solo integrantes presentes en la sesión pueden registrar decisiones.", field="session")
    present = session.present.count()
    if present < session.quorum:
        raise DomainError(
            f"No hay quórum: hay {present} integrantes presentes y se necesitan {session.quorum}.", field="quorum"
        )
    return session


@logs_refusals
@transaction.atomic
def decide(*, session, application, actor, outcome: str, reason: str, amount_clp: int | None = None) -> Decision:
    session = _open_session(session, actor)
    ApplicationForm.objects.select_for_update().get(call_id=session.call_id)  # the call's award lock
    return _decide_one(session, application, actor, outcome, amount_clp, reason)


@logs_refusals
@transaction.atomic
def decide_batch(*, session, actor, decisions: list[dict]) -> list[Decision]:
    """Several decisions in one go (e.g. down the ranking): all are recorded, or none if one is refused."""
    session = _open_session(session, actor)
    ApplicationForm.objects.select_for_update().get(call_id=session.call_id)
    made = []
    for n, item in enumerate(decisions, 1):
        try:
            made.append(
                _decide_one(
                    session, item["application"], actor, item["outcome"], item.get("amount_clp"), item.get("reason", "")
                )
            )
        except DomainError as exc:
            raise DomainError(f"Decisión {n}: {exc.message} No se registró ninguna.", field=exc.field) from exc
    return made


@logs_refusals
@transaction.atomic
def close_session(*, session, actor, notes: str = "") -> CommitteeSession:
    session = _open_session(session, actor)
    session.notes, session.closed_at = notes.strip(), timezone.now()
    session.save()
    audit.record(
        actor=actor, action="applications.session.closed", obj=session, after={"decisions": session.decisions.count()}
    )
    return session


def offer_to_waitlist(*, call) -> Application | None:
    """Inside the call's award lock: the first waitlisted application whose requested amount fits is awarded."""
    for candidate in Application.objects.filter(call_id=call.pk, state=WAITLISTED).order_by("waitlist_position", "id"):
        requested = sum(line["amount"] for line in candidate.budget) or call.subsidy_min_clp or 0
        if call.subsidy_max_clp is not None:
            requested = min(requested, call.subsidy_max_clp)
        try:
            _check_capacity(call, requested)
        except DomainError:
            continue
        candidate = _lock(candidate)
        candidate.awarded_clp = requested
        reason = "Se liberó un cupo porque una persona adjudicada lo rechazó; se le ofrece por su lugar en la lista."
        return apply_transition(
            application=candidate, actor=None, name="award", reason=reason, extra_audit={"awarded_clp": requested}
        )
    return None
