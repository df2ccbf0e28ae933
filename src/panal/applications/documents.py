"""PDFs rendered from HTML with WeasyPrint: the submission receipt and the committee's minutes (acta)."""

from django.template.loader import render_to_string
from django.utils import timezone

from . import form_definitions


def _pdf(html: str) -> bytes:
    from weasyprint import HTML  # noqa: PLC0415 (no cycle: weasyprint takes ~1.4 s to import; only PDF requests pay it)

    return HTML(string=html).write_pdf()


def receipt_pdf(application) -> bytes:
    sections = application.call.application_form.sections
    rows = []
    for section in sections:
        for q in section["questions"]:
            if q["type"] in ("file", "budget"):
                continue
            rows.append({"label": q["label"], "value": form_definitions.display(q, application.answers.get(q["key"]))})
    documents = application.documents.all()
    budget_q = form_definitions.budget_question(sections)
    labels = {c["key"]: c["label"] for c in budget_q["categories"]} if budget_q else {}
    budget = [{**line, "category_label": labels.get(line["category"], line["category"])} for line in application.budget]
    html = render_to_string(
        "applications/pdf/receipt.html",
        {
            "application": application,
            "call": application.call,
            "rows": rows,
            "documents": documents,
            "budget": budget,
            "budget_total": sum(line["amount"] for line in application.budget),
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
