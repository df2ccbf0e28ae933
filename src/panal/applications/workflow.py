"""The application's state machine, kept as data: every transition names its source states, its target, the
permission (a django-rules predicate in `rules.py`) the actor needs, and whether a reason is required.

Kept as data rather than with django-fsm-2 because each transition here must run inside a transaction that locks the
row (and for awards, the call), write the audit log and the applicant-visible history in the same transaction, and
be listed to the UI and the API ("what can this user do now"); a table does all of that without a decorator per
method and without one more dependency.
"""

from dataclasses import dataclass

DRAFT = "draft"
SUBMITTED = "submitted"
CORRECTING = "correcting"
ADMISSIBLE = "admissible"
NOT_ADMISSIBLE = "not_admissible"
IN_EVALUATION = "in_evaluation"
EVALUATED = "evaluated"
AWARDED = "awarded"
WAITLISTED = "waitlisted"
REJECTED = "rejected"
ACCEPTED = "accepted"
DECLINED = "declined"

STATE_LABELS = {
    DRAFT: "Borrador",
    SUBMITTED: "Enviada",
    CORRECTING: "En plazo para subsanar",
    ADMISSIBLE: "Admisible",
    NOT_ADMISSIBLE: "No admisible",
    IN_EVALUATION: "En evaluación técnica",
    EVALUATED: "Evaluada",
    AWARDED: "Adjudicada",
    WAITLISTED: "En lista de espera",
    REJECTED: "No seleccionada",
    ACCEPTED: "Adjudicación aceptada",
    DECLINED: "Adjudicación rechazada por la postulante",
}
STATES = tuple(STATE_LABELS)


@dataclass(frozen=True)
class Transition:
    name: str
    sources: tuple[str, ...]
    target: str
    permission: str  # name of a rule in rules.py (applications.<permission>)
    label: str
    reason_required: bool = False
    notify: bool = False  # the applicant gets an email


TRANSITIONS = {
    t.name: t
    for t in (
        Transition("submit", (DRAFT,), SUBMITTED, "submit", "Enviar postulación", notify=True),
        Transition("declare_admissible", (SUBMITTED,), ADMISSIBLE, "review", "Declarar admisible", notify=True),
        Transition(
            "declare_not_admissible",
            (SUBMITTED,),
            NOT_ADMISSIBLE,
            "review",
            "Declarar no admisible",
            reason_required=True,
            notify=True,
        ),
        # Subsanación: staff found a fixable requirement; the applicant fixes it within the window and sends it back,
        # or the window closes and the application returns to review as it is (never silently dropped).
        Transition(
            "request_correction",
            (SUBMITTED,),
            CORRECTING,
            "review",
            "Pedir subsanar",
            reason_required=True,
            notify=True,
        ),
        Transition("submit_correction", (CORRECTING,), SUBMITTED, "submit", "Enviar la corrección"),
        Transition(
            "correction_expired",
            (CORRECTING,),
            SUBMITTED,
            "review",
            "Venció el plazo para subsanar",
            reason_required=True,
        ),
        Transition("start_evaluation", (ADMISSIBLE,), IN_EVALUATION, "review", "Pasar a evaluación técnica"),
        Transition("close_evaluation", (IN_EVALUATION,), EVALUATED, "review", "Cerrar evaluación"),
        Transition("award", (EVALUATED, WAITLISTED), AWARDED, "decide", "Adjudicar", reason_required=True, notify=True),
        Transition(
            "waitlist", (EVALUATED,), WAITLISTED, "decide", "Lista de espera", reason_required=True, notify=True
        ),
        Transition(
            "reject", (EVALUATED, WAITLISTED), REJECTED, "decide", "No seleccionar", reason_required=True, notify=True
        ),
        Transition("accept", (AWARDED,), ACCEPTED, "respond", "Aceptar la adjudicación"),
        # An accepted recurso de reposición (services/reconsideration.py) sends the case back to who decided it.
        Transition(
            "reopen_decision", (REJECTED,), EVALUATED, "review", "Reabrir la decisión en comité", reason_required=True
        ),
        Transition(
            "reopen_admissibility",
            (NOT_ADMISSIBLE,),
            SUBMITTED,
            "review",
            "Revisar de nuevo la admisibilidad",
            reason_required=True,
        ),
        Transition("decline", (AWARDED,), DECLINED, "respond", "Rechazar la adjudicación"),
    )
}

DECISION_TRANSITIONS = {"award": AWARDED, "waitlist": WAITLISTED, "reject": REJECTED}


def transitions_from(state: str) -> list[Transition]:
    return [t for t in TRANSITIONS.values() if state in t.sources]
