"""PDFs rendered from HTML with WeasyPrint: the submission receipt and the committee's minutes (acta)."""

from django.template.loader import render_to_string
from django.utils import timezone


def _pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html).write_pdf()


def receipt_pdf(application) -> bytes:
    from .selectors import application_summary, current_terms

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


def acta_pdf(session) -> bytes:
    html = render_to_string(
        "applications/pdf/acta.html",
        {
            "session": session,
            "call": session.call,
            "members": session.members.all(),
            "present": session.present.all(),
            "decisions": session.decisions.select_related(
                "application", "application__person", "application__enterprise"
            ),
            "generated": timezone.localtime(),
        },
    )
    return _pdf(html)
