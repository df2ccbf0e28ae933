"""What each role finds in "Mi trabajo" and in the header, for applications (core collects every app's `work`
module, like `loaders` and `demo`). Only what the account can actually open is offered."""

from django.urls import reverse
from django.utils import timezone

from panal.catalog.selectors import agencies_of
from panal.core.roles import ADMINISTRATOR, AGENCY_STAFF, COMMITTEE_MEMBER, EVALUATOR, has_role

from . import selectors


def _scope(user):
    """Agency codes a staff account works for; None for administrators; [] for neither."""
    if has_role(user, ADMINISTRATOR):
        return None
    if has_role(user, AGENCY_STAFF):
        return [a.code for a in agencies_of(user)]
    return []


def header_links(user) -> list[dict]:
    links = []
    scope = _scope(user)
    if scope is None or scope:
        links.append({"label": "Postulaciones recibidas", "url": reverse("applications:staff_list")})
    if has_role(user, EVALUATOR):
        links.append({"label": "Mis evaluaciones", "url": reverse("applications:evaluator_list")})
    if scope is None or scope or has_role(user, COMMITTEE_MEMBER):
        links.append({"label": "Comités", "url": reverse("applications:committee_index")})
    if scope is None or scope:
        links.append({"label": "Recursos por resolver", "url": reverse("applications:reconsiderations")})
    return links


def work_for(user) -> list[dict]:
    """Sections of "Mi trabajo": a title, items with a count or a date, and where to go."""
    sections = []
    scope = _scope(user)
    if scope is None or scope:
        sections.append(_staff_section(user, scope))
    if has_role(user, EVALUATOR):
        sections.append(_evaluator_section(user))
    if has_role(user, COMMITTEE_MEMBER):
        sections.append(_member_section(user))
    return sections


def _staff_section(user, scope) -> dict:
    counts = selectors.staff_queue(scope)
    listing = reverse("applications:staff_list")
    committees = reverse("applications:committee_index")
    items = [
        {
            "label": "Postulaciones por revisar admisibilidad",
            "count": counts["admissibility"],
            "url": f"{listing}?estado=submitted",
        },
        {
            "label": "Respuestas a aclaraciones recibidas",
            "count": counts["answers"],
            "url": f"{listing}?pendiente=respuestas",
        },
        {
            "label": "Postulaciones que esperan evaluadores",
            "count": counts["need_evaluators"],
            "url": f"{listing}?pendiente=evaluadores",
        },
        {"label": "Evaluaciones atrasadas", "count": counts["overdue"], "url": f"{listing}?pendiente=atrasadas"},
        {
            "label": "Evaluaciones completas por cerrar",
            "count": counts["to_close"],
            "url": f"{listing}?pendiente=por-cerrar",
        },
        {"label": "Convocatorias con sesión de comité por convocar", "count": counts["to_convene"], "url": committees},
        {"label": "Convocatorias con resultados por publicar", "count": counts["to_publish"], "url": committees},
        {
            "label": "Recursos de reposición por resolver",
            "count": selectors.reconsiderations_to_resolve(user).count(),
            "url": reverse("applications:reconsiderations"),
        },
        {
            "label": "Bases y consultas a las bases sin responder",
            "count": sum(call.pending_questions for call in selectors.calls_for_terms(scope)),
            "url": reverse("applications:terms_index"),
        },
    ]
    return {"title": "Postulaciones de su institución", "items": items}


def _evaluator_section(user) -> dict:
    today = timezone.localdate()
    items = []
    for assignment in selectors.assignments_for(user).filter(scored_at__isnull=True):
        status = "declare si tiene conflicto de interés" if assignment.conflict is None else "por evaluar"
        late = assignment.due_on is not None and assignment.due_on < today
        items.append(
            {
                "label": f"{assignment.application.folio} · {assignment.application.call.title}",
                "detail": status,
                "due": assignment.due_on,
                "late": late,
                "url": reverse("applications:evaluate", args=[assignment.pk]),
            }
        )
    pending = sum(1 for i in items if i["detail"].startswith("declare"))
    return {
        "title": "Sus evaluaciones",
        "items": items,
        "summary": f"{len(items)} por terminar; {pending} con la declaración de conflicto pendiente.",
        "more": reverse("applications:evaluator_list"),
    }


def _member_section(user) -> dict:
    now = timezone.now()
    items = []
    for session in selectors.sessions_for_member(user):
        items.append(
            {
                "label": f"{session.get_committee_display()} · {session.call.title}",
                "detail": ("próxima" if session.held_at >= now and not session.closed_at else "realizada")
                + (f", {session.place}" if session.place else ""),
                "when": session.held_at,
                "url": reverse("applications:session", args=[session.pk]),
                "extra": {"label": "Acta (PDF)", "url": reverse("applications:acta", args=[session.pk])},
            }
        )
    return {"title": "Sus sesiones de comité", "items": items, "empty": "No integra sesiones de comité."}
