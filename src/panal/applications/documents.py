"""PDFs rendered from HTML with WeasyPrint: the submission receipt and the committee's minutes (acta, versioned
and hashed by the committee service)."""

import hashlib
import json

from django.template.loader import render_to_string
from django.utils import timezone

from .selectors import application_summary, current_terms


def _pdf(html: str) -> bytes:
    from weasyprint import HTML  # noqa: PLC0415 (no cycle: weasyprint takes ~1.4 s to import; only PDF requests pay it)

    return HTML(string=html).write_pdf()


def receipt_pdf(application) -> bytes:

    summary = application_summary(application)
    html = render_to_string(
        "applications/pdf/receipt.html",
        {
            "application": application,
            "call": application.call,
            "rows": [row for section in summary["sections"] for row in section["rows"] if not row.get("file")],
            "documents": summary["documents"],
            "budget": summary["budget"],
            "budget_total": summary["budget_total"],
            "terms_version": application.terms_version,
            "terms_accepted_at": application.terms_accepted_at,
            "has_terms": current_terms(application.call) is not None or application.terms_version is not None,
            "generated": timezone.localtime(),
        },
    )
    return _pdf(html)


def acta_content(session) -> tuple[dict, str]:
    """What the acta says, as plain data, and its SHA-256 (printed on the PDF: the same content, the same hash)."""

    seats = {seat.user_id: seat for seat in session.seats.select_related("user")}
    present = set(session.present.values_list("pk", flat=True))
    members = []
    for member in session.members.order_by("last_name", "email"):
        seat = seats.get(member.pk)
        members.append(
            {
                "name": member.get_full_name() or member.email,
                "institution": seat.institution if seat else "",
                "role": seat.get_role_display() if seat else "Integrante",
                "present": member.pk in present,
            }
        )
    abstentions = {}
    for item in session.abstentions.select_related("user", "application"):
        abstentions.setdefault(item.application_id, []).append(
            f"{item.user.get_full_name() or item.user.email} se abstiene: {item.reason}"
        )
    decisions = list(session.decisions.select_related("application", "application__person", "application__enterprise"))
    decisions.sort(key=lambda d: (-(d.application.score or 0), d.application.submitted_at or d.decided_at, d.pk))
    rows = [
        {
            "rank": n,
            "folio": d.application.folio,
            "applicant": d.application.applicant_name,
            "score": str(d.application.score) if d.application.score is not None else "",
            "decision": d.get_outcome_display(),
            "amount_clp": d.amount_clp,
            "reason": d.reason,
            "abstentions": abstentions.get(d.application_id, []),
        }
        for n, d in enumerate(decisions, 1)
    ]
    content = {
        "committee": session.get_committee_display(),
        "call": session.call.title,
        "held_at": timezone.localtime(session.held_at).strftime("%d-%m-%Y %H:%M"),
        "place": session.place,
        "link": session.link,
        "quorum": session.quorum,
        "present": len(present),
        "members": members,
        "decisions": rows,
        "notes": session.notes,
        "closed_at": timezone.localtime(session.closed_at).strftime("%d-%m-%Y %H:%M") if session.closed_at else None,
    }
    digest = hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    return content, digest


def render_acta(session, content: dict, *, digest: str, version: int, final: bool) -> bytes:
    html = render_to_string(
        "applications/pdf/acta.html",
        {"acta": content, "digest": digest, "version": version, "final": final, "generated": timezone.localtime()},
    )
    return _pdf(html)
