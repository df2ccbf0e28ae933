"""Committee sessions and decisions: awards never exceed the call's budget or places; the waitlist."""

from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone

from panal.catalog.selectors import agencies_of
from panal.core import audit
from panal.core.errors import DomainError, PermissionDenied
from panal.core.money import format_clp
from panal.core.roles import COMMITTEE_MEMBER, has_role

from ..documents import acta_content, render_acta
from ..models import (
    COMMITTEES,
    SEAT_ROLES,
    Abstention,
    ActaVersion,
    Application,
    ApplicationForm,
    CommitteeSeat,
    CommitteeSession,
    Decision,
)
from ..notifications import send_session_email
from ..signals import decisions_closed
from ..workflow import ACCEPTED, AWARDED, EVALUATED, WAITLISTED
from .common import _check_perm, _lock, apply_transition, clean_text, logs_refusals

# --- committee ------------------------------------------------------------------------------------------------------


@logs_refusals
@transaction.atomic
def create_session(
    *,
    call,
    actor,
    held_at,
    quorum: int,
    members,
    committee: str = "cer",
    place: str = "",
    link: str = "",
    agenda: str = "",
    seats: dict | None = None,
):
    """Convene a session. `seats` maps a member's id to {"role": president|secretary|member, "institution": ...};
    a member without an entry sits as integrante of their agency. Every member is e-mailed the citation."""
    if actor is None or not actor.has_perm("applications.run_committee", call):
        raise PermissionDenied(
            "Solo el equipo de la institución de la convocatoria puede convocar a su comité.", field="call"
        )
    members = list(members)
    if not members or any(not has_role(m, COMMITTEE_MEMBER) for m in members):
        raise DomainError("Todos los integrantes deben tener el rol de integrante de comité.", field="members")
    if not 1 <= quorum <= len(members):
        raise DomainError(f"El quórum debe estar entre 1 y {len(members)} integrantes.", field="quorum")
    if committee not in COMMITTEES:
        raise DomainError("Elija el CER o el Comité de Desarrollo Productivo Regional.", field="committee")
    place = clean_text(place, field="place", max_length=200)
    link = clean_text(link, field="link", max_length=300)
    agenda = clean_text(agenda, field="agenda")
    seats = seats or {}
    roles = [seats.get(m.pk, {}).get("role", "member") for m in members]
    if any(r not in SEAT_ROLES for r in roles):
        raise DomainError("El rol de cada integrante es presidente/a, secretario/a o integrante.", field="members")
    for unique_role in ("president", "secretary"):
        if roles.count(unique_role) > 1:
            raise DomainError(f"Solo una persona puede ser {SEAT_ROLES[unique_role].lower()}.", field="members")
    session = CommitteeSession.objects.create(
        call=call,
        committee=committee,
        held_at=held_at,
        quorum=quorum,
        place=place.strip()[:200],
        link=link.strip()[:300],
        agenda=agenda.strip()[:4000],
        created_by=actor,
    )
    session.members.set(members)

    for member, role in zip(members, roles, strict=True):
        institution = clean_text(seats.get(member.pk, {}).get("institution"), field="members", max_length=200)
        institution = institution or ", ".join(a.name for a in agencies_of(member))
        CommitteeSeat.objects.create(session=session, user=member, role=role, institution=institution[:200])
    audit.record(actor=actor, action="applications.session.created", obj=session, after={"quorum": quorum})
    send_session_email.enqueue(session.pk, "convened")
    return session


@logs_refusals
@transaction.atomic
def reschedule_session(*, session, actor, held_at, place: str | None = None, link: str | None = None):
    session = CommitteeSession.objects.select_for_update().select_related("call").get(pk=session.pk)
    if actor is None or not actor.has_perm("applications.run_committee", session.call):
        raise PermissionDenied("Solo el equipo de la institución de la convocatoria cambia la sesión.", field="session")
    if session.closed_at is not None:
        raise DomainError("La sesión ya está cerrada.", field="session")
    before = {"held_at": session.held_at.isoformat(), "place": session.place}
    session.held_at = held_at
    session.place = session.place if place is None else clean_text(place, field="place", max_length=200)
    session.link = session.link if link is None else clean_text(link, field="link", max_length=300)
    session.save()
    audit.record(
        actor=actor,
        action="applications.session.rescheduled",
        obj=session,
        before=before,
        after={"held_at": held_at.isoformat(), "place": session.place},
    )
    send_session_email.enqueue(session.pk, "rescheduled")
    return session


@logs_refusals
@transaction.atomic
def abstain(*, session, actor, application, reason: str) -> Abstention:
    """A member with a conflict abstains on one application: they cannot decide it, and the acta says so."""
    session = CommitteeSession.objects.select_for_update().get(pk=session.pk)
    if actor is None or not session.members.filter(pk=actor.pk).exists():
        raise PermissionDenied("Solo integrantes de la sesión pueden abstenerse.", field="session")
    if session.closed_at is not None:
        raise DomainError("La sesión ya está cerrada; su acta no cambia.", field="session")
    if application.call_id != session.call_id:
        raise DomainError("La postulación no es de la convocatoria de esta sesión.", field="application")
    reason = clean_text(reason, field="reason", max_length=1000)
    if not reason:
        raise DomainError("Escriba el motivo de la abstención (por ejemplo, el conflicto de interés).", field="reason")
    item, created = Abstention.objects.get_or_create(
        session=session, user=actor, application=application, defaults={"reason": reason.strip()[:1000]}
    )
    if created:
        audit.record(actor=actor, action="applications.abstention.declared", obj=application, reason=reason.strip())
    return item


@logs_refusals
@transaction.atomic
def record_attendance(*, session: CommitteeSession, actor, present) -> CommitteeSession:
    session = CommitteeSession.objects.select_for_update().get(pk=session.pk)
    allowed = actor is not None and (
        actor.has_perm("applications.run_committee", session.call) or session.members.filter(pk=actor.pk).exists()
    )
    if not allowed:
        raise PermissionDenied(
            "Solo el equipo de la institución de la convocatoria o quien integra la sesión registra la asistencia.",
            field="present",
        )
    present = list(present)
    member_ids = set(session.members.values_list("pk", flat=True))
    if any(p.pk not in member_ids for p in present):
        raise DomainError("Solo pueden estar presentes integrantes del comité.", field="present")
    session.present.set(present)
    audit.record(
        actor=actor, action="applications.session.attendance_recorded", obj=session, after={"present": len(present)}
    )
    return session


def amount_rule(low: int | None, high: int | None) -> str:
    """The call's amount rule as a person says it (never "entre $3.500.000 y $3.500.000")."""
    if low is not None and low == high:
        return f"El monto de esta convocatoria es {format_clp(high)}."
    if low is not None and high is not None:
        return f"El monto debe estar entre {format_clp(low)} y {format_clp(high)}."
    if high is not None:
        return f"El monto no puede superar {format_clp(high)}."
    return f"El monto debe ser al menos {format_clp(low)}."


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
    abstaining = set(session.abstentions.filter(application=application).values_list("user_id", flat=True))
    if actor.pk in abstaining:
        raise PermissionDenied(
            f"Usted se abstuvo en {application.folio}: no puede registrar su decisión.", field="session"
        )
    voting = session.present.exclude(pk__in=abstaining).count()
    if voting < session.quorum:
        raise DomainError(
            f"Sin quórum para {application.folio}: con las abstenciones quedan {voting} integrantes y se necesitan "
            f"{session.quorum}.",
            field="quorum",
        )
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
            raise DomainError(amount_rule(low, high), field="amount_clp")
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
    final = issue_acta(session=session, final=True)
    audit.record(
        actor=actor,
        action="applications.session.closed",
        obj=session,
        after={"decisions": session.decisions.count(), "acta_version": final.number, "acta_sha256": final.sha256},
    )
    if not CommitteeSession.objects.filter(call_id=session.call_id, closed_at__isnull=True).exists():
        # The call's last open session closed: its decisions are final (outcomes writes its snapshot).

        call = session.call
        transaction.on_commit(lambda: decisions_closed.send(sender=CommitteeSession, call=call))
    return session


def issue_acta(*, session, final: bool = False) -> ActaVersion:
    """The acta's current version. While the session is open a new version is stored whenever its content changed;
    once closed, the final version is stored once and every later request gets those same bytes."""

    with transaction.atomic():
        session = CommitteeSession.objects.select_for_update().get(pk=session.pk)
        last = session.acta_versions.order_by("-number").first()
        if last is not None and last.final:
            return last
        content, digest = acta_content(session)
        if last is not None and last.sha256 == digest and not final:
            return last
        number = (last.number if last else 0) + 1
        pdf = render_acta(session, content, digest=digest, version=number, final=final)
        return ActaVersion.objects.create(session=session, number=number, pdf=pdf, sha256=digest, final=final)


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
