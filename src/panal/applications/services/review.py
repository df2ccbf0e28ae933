"""Staff and evaluators: admissibility, evaluator assignment, conflicts of interest, scores, clarifications."""

from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone

from panal.core import audit
from panal.core.errors import DomainError, PermissionDenied
from panal.core.roles import EVALUATOR, has_role
from panal.reference.business_days import add_business_days
from panal.registry.selectors import person_for_user, representations_of

from ..models import (
    Application,
    Assignment,
    Clarification,
)
from ..notifications import send_assignment_email, send_clarification_email
from ..workflow import IN_EVALUATION, SUBMITTED
from .admissibility import check_before_decision
from .common import _check_perm, _lock, apply_transition, logs_refusals

EVALUATION_BUSINESS_DAYS = 10  # default time to score, when staff set no date

# --- admissibility and evaluation ---------------------------------------------------------------------------------


@logs_refusals
@transaction.atomic
def review(*, application: Application, actor, name: str, reason: str = "") -> Application:
    """Staff transitions: declare_admissible, declare_not_admissible (reason required), start/close evaluation."""
    if name not in ("declare_admissible", "declare_not_admissible", "start_evaluation", "close_evaluation"):
        raise PermissionDenied("Esa acción no corresponde a la revisión de admisibilidad o evaluación.", field="action")
    application = _lock(application)
    _check_perm(actor, "review", application, "Solo el equipo de la institución de la convocatoria puede revisar.")
    if name == "close_evaluation" and application.state == IN_EVALUATION and application.score is None:
        raise DomainError("Falta al menos una evaluación completa para cerrar la evaluación.", field="score")
    if name == "close_evaluation" and application.needs_third_evaluator:
        raise DomainError(
            "Los dos puntajes difieren más de lo que permite la pauta: falta el puntaje de un tercer evaluador/a.",
            field="score",
        )
    if application.state == SUBMITTED:
        reason = check_before_decision(application, name, reason)
    return apply_transition(application=application, actor=actor, name=name, reason=reason)


def _is_own(application: Application, user) -> bool:
    if application.person.user_id == user.pk:
        return True
    person = person_for_user(user)
    return bool(
        person and application.enterprise_id and representations_of(person=person, enterprise=application.enterprise)
    )


@logs_refusals
@transaction.atomic
def assign_evaluator(*, application: Application, actor, evaluator, due_on=None) -> Assignment:
    """Assign an evaluator, due `EVALUATION_BUSINESS_DAYS` business days from today unless staff set a date."""
    application = _lock(application)
    _check_perm(actor, "review", application, "Solo el equipo de la institución puede asignar evaluadores.")
    if not has_role(evaluator, EVALUATOR):
        raise DomainError(f"{evaluator.email} no tiene el rol de evaluador/a.", field="evaluator")
    if _is_own(application, evaluator):
        raise DomainError("Nadie puede evaluar su propia postulación.", field="evaluator")
    if application.state not in ("admissible", IN_EVALUATION):
        raise DomainError("Solo se asignan evaluadores a postulaciones admisibles.", field="state")
    today = timezone.localdate()
    if due_on is not None and due_on < today:
        raise DomainError("La fecha límite de la evaluación no puede estar en el pasado.", field="due_on")
    due_on = due_on or add_business_days(today, EVALUATION_BUSINESS_DAYS, application.call.region_id)
    assignment, created = Assignment.objects.get_or_create(
        application=application, evaluator=evaluator, defaults={"due_on": due_on}
    )
    if created:
        audit.record(
            actor=actor, action="applications.evaluator.assigned", obj=application, after={"evaluator": evaluator.email}
        )

        send_assignment_email.enqueue(assignment.pk)
    return assignment


def _own_assignment(assignment: Assignment, actor) -> Assignment:
    assignment = Assignment.objects.select_for_update().select_related("application").get(pk=assignment.pk)
    if actor is None or assignment.evaluator_id != actor.pk:
        raise PermissionDenied("Esta evaluación está asignada a otra persona.", field="assignment")
    return assignment


@logs_refusals
@transaction.atomic
def declare_conflicts(*, assignment: Assignment, actor, conflicts_with, note: str = "") -> Assignment:
    """Against the call's applicant list: the evaluator marks the applications they have a conflict with. The
    declaration covers every undeclared assignment of theirs in that call (marked → conflict; else none)."""
    assignment = _own_assignment(assignment, actor)
    marked = {int(pk) for pk in conflicts_with}
    in_call = set(
        Application.objects.filter(call_id=assignment.application.call_id)
        .exclude(state="draft")
        .values_list("pk", flat=True)
    )
    if marked - in_call:
        raise DomainError("Solo puede marcar postulaciones de la lista de esta convocatoria.", field="conflicts")
    if marked and not note.strip():
        raise DomainError("Describa brevemente el conflicto de interés.", field="conflict_note")
    mine = Assignment.objects.select_for_update().filter(
        evaluator=actor, application__call_id=assignment.application.call_id, conflict__isnull=True
    )
    if assignment.conflict is not None:
        raise DomainError("La declaración de conflicto de interés ya fue hecha y no se cambia.", field="conflict")
    for item in mine:
        declare_conflict(
            assignment=item,
            actor=actor,
            conflict=item.application_id in marked,
            note=note if item.application_id in marked else "",
        )
    assignment.refresh_from_db()
    return assignment


@logs_refusals
@transaction.atomic
def declare_conflict(*, assignment: Assignment, actor, conflict: bool, note: str = "") -> Assignment:
    """Before seeing an application, the evaluator declares whether they have a conflict of interest with it."""
    assignment = _own_assignment(assignment, actor)
    if assignment.conflict is not None:
        raise DomainError("La declaración de conflicto de interés ya fue hecha y no se cambia.", field="conflict")
    if conflict and not note.strip():
        raise DomainError("Describa brevemente el conflicto de interés.", field="conflict_note")
    assignment.conflict, assignment.conflict_note, assignment.declared_at = conflict, note.strip(), timezone.now()
    assignment.save()
    audit.record(
        actor=actor,
        action="applications.conflict.declared",
        obj=assignment.application,
        after={"conflict": conflict},
        reason=note.strip(),
    )
    return assignment


def weighted_total(rubric: dict, scores: dict) -> Decimal:
    weights = {c["key"]: Decimal(str(c["weight"])) for c in rubric["criteria"]}
    total = sum(Decimal(scores[k]) * w for k, w in weights.items()) / sum(weights.values())
    return total.quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)


@logs_refusals
@transaction.atomic
def score(*, assignment: Assignment, actor, scores: dict, comment: str = "") -> Assignment:
    """Score every criterion of the call's rubric on its scale; the application's score is the mean of totals."""
    assignment = _own_assignment(assignment, actor)
    if assignment.conflict is not False:
        raise DomainError("Primero declare que no tiene conflicto de interés con esta postulación.", field="conflict")
    application = _lock(assignment.application)
    if application.state != IN_EVALUATION:
        raise DomainError("La postulación no está en evaluación técnica.", field="state")
    rubric = application.call.application_form.rubric
    if not rubric:
        raise DomainError("La convocatoria no tiene pauta de evaluación.", field="rubric")
    low, high = int(rubric.get("scale_min", 1)), int(rubric.get("scale_max", 7))
    keys = {c["key"]: c["label"] for c in rubric["criteria"]}
    unknown = set(scores) - set(keys)
    if unknown:
        raise DomainError(f"El criterio «{sorted(unknown)[0]}» no es parte de la pauta.", field=sorted(unknown)[0])
    cleaned = {}
    for key, label in keys.items():
        value = scores.get(key)
        try:
            number = int(value)
        except (TypeError, ValueError):
            number = None
        if number is None or isinstance(value, float | bool) or not low <= number <= high:
            raise DomainError(f"«{label}»: ponga una nota entera de {low} a {high}.", field=key)
        cleaned[key] = number
    assignment.scores, assignment.comment = cleaned, comment.strip()
    assignment.total, assignment.scored_at = weighted_total(rubric, cleaned), timezone.now()
    assignment.save()
    totals = [a.total for a in application.assignments.filter(conflict=False, total__isnull=False)]
    application.score = (sum(totals) / len(totals)).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)
    threshold = rubric.get("divergence_threshold")
    diverge = threshold is not None and len(totals) == 2 and abs(totals[0] - totals[1]) > Decimal(str(threshold))
    if diverge and not application.needs_third_evaluator:
        audit.record(
            actor=actor,
            action="applications.evaluation.third_evaluator_needed",
            obj=application,
            after={"totals": [str(t) for t in totals], "threshold": threshold},
        )
    application.needs_third_evaluator = diverge
    application.save(update_fields=["score", "needs_third_evaluator", "updated_at"])
    audit.record(
        actor=actor,
        action="applications.evaluation.scored",
        obj=application,
        after={"scores": cleaned, "total": str(assignment.total)},
    )
    return assignment


@logs_refusals
@transaction.atomic
def request_clarification(*, application: Application, actor, question: str) -> Clarification:
    application = _lock(application)
    _check_perm(actor, "review", application, "Solo el equipo de la institución puede pedir aclaraciones.")
    if not question.strip():
        raise DomainError("Escriba la consulta para la persona que postula.", field="question")
    item = Clarification.objects.create(application=application, question=question.strip(), asked_by=actor)
    audit.record(actor=actor, action="applications.clarification.requested", obj=application, reason=question.strip())

    send_clarification_email.enqueue(item.pk)
    return item


@logs_refusals
@transaction.atomic
def answer_clarification(*, clarification: Clarification, actor, answer: str) -> Clarification:
    item = Clarification.objects.select_for_update().select_related("application__person").get(pk=clarification.pk)
    _check_perm(actor, "submit", item.application, "Solo la persona que postula puede responder la consulta.")
    if item.answered_at is not None:
        raise DomainError("Esta consulta ya fue respondida.", field="answer")
    if not answer.strip():
        raise DomainError("Escriba su respuesta.", field="answer")
    item.answer, item.answered_at = answer.strip(), timezone.now()
    item.save()
    audit.record(actor=actor, action="applications.clarification.answered", obj=item.application)
    return item
