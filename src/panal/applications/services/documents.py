"""Opening an uploaded document: permission-checked, and audited when staff read someone else's personal data."""

from panal.core import audit

from ..models import Document


def open_document(*, pk: int, actor) -> Document | None:
    """The document if this account may read it, else None (the caller answers 404, never saying which).

    Readers: the applicant; staff of the call's agency and administrators; evaluators assigned without a conflict;
    members of a session of the call. Each reading by someone other than the applicant is written to the audit log.
    """
    document = (
        Document.objects.select_related(
            "application", "application__call", "application__call__instrument", "application__person"
        )
        .filter(pk=pk)
        .first()
    )
    if document is None or actor is None or not getattr(actor, "is_authenticated", False):
        return None
    application = document.application
    if application.state == "draft" and not actor.has_perm("applications.submit", application):
        return None
    if actor.has_perm("applications.submit", application):
        return document
    if not actor.has_perm("applications.view_documents", application):
        return None
    audit.record(
        actor=actor,
        action="applications.document.read",
        obj=application,
        after={"document": document.pk, "question": document.question},
        reason="Lectura de datos personales: documento de la postulación",
    )
    return document
