"""Applications retention (hook: panal.privacy.retention; periods in privacy/records.py, activity "postulaciones").

- A draft never submitted whose call has closed and that has not changed in DRAFT_DAYS is deleted with its uploaded
  documents: nothing was ever filed, so no duty keeps it.
- An application that was not awarded (not admissible, not selected, left on the waitlist, or an award the applicant
  declined) loses, SUBMITTED_DAYS after its call closed, what the applicant wrote and uploaded: answers, budget,
  documents, the criteria behind the eligibility verdict (the verdict stays), the grounds and attachments of a
  reconsideration and the answers to clarifications. Folio, state, score, decision and history stay, so the published
  results, the counts and the figures are the same before and after.
Awarded applications keep everything: they are the record of public funds (activity "adjudicaciones")."""

from datetime import timedelta

from django.db.models import Q

from .models import Application, Clarification, Document
from .models_applicant import Reconsideration, ReconsiderationAttachment
from .workflow import DECLINED, DRAFT, NOT_ADMISSIBLE, REJECTED, WAITLISTED

DRAFT_DAYS = 365
SUBMITTED_DAYS = 5 * 365
NOT_AWARDED = (NOT_ADMISSIBLE, REJECTED, WAITLISTED, DECLINED)
ERASED = "—"


def expired_drafts(now):
    return Application.objects.filter(
        state=DRAFT, call__closes_at__lt=now, updated_at__lt=now - timedelta(days=DRAFT_DAYS)
    )


def expired_not_awarded(now):
    """Not-awarded applications past the period that still hold something the applicant wrote or uploaded."""
    old = Application.objects.filter(state__in=NOT_AWARDED, call__closes_at__lt=now - timedelta(days=SUBMITTED_DAYS))
    holding = (
        ~Q(answers={})
        | ~Q(budget=[])
        | Q(pk__in=Document.objects.values("application_id"))
        | Q(pk__in=Reconsideration.objects.exclude(text=ERASED).values("application_id"))
        | Q(pk__in=Clarification.objects.exclude(answer__in=("", ERASED)).values("application_id"))
        | Q(eligibility__has_key="criteria")
    )
    return old.filter(holding)


def _delete_files(documents) -> None:
    for document in documents:
        if document.file:
            document.file.delete(save=False)


def _erase(applications) -> None:
    ids = list(applications.values_list("pk", flat=True))
    _delete_files(Document.objects.filter(application_id__in=ids))
    Document.objects.filter(application_id__in=ids).delete()
    attachments = ReconsiderationAttachment.objects.filter(reconsideration__application_id__in=ids)
    _delete_files(attachments)
    attachments.delete()
    Reconsideration.objects.filter(application_id__in=ids).update(text=ERASED)
    Clarification.objects.filter(application_id__in=ids).exclude(answer__in=("", ERASED)).update(answer=ERASED)
    for application in Application.objects.filter(pk__in=ids):
        verdict = application.eligibility
        if isinstance(verdict, dict):
            verdict = {"status": verdict.get("status")}  # the criteria quote the applicant's own values
        Application.objects.filter(pk=application.pk).update(answers={}, budget=[], eligibility=verdict)


def purge_expired(*, now, dry_run: bool) -> list[tuple[str, int]]:
    drafts = expired_drafts(now)
    drafts_count = drafts.count()
    not_awarded = expired_not_awarded(now)
    not_awarded_count = not_awarded.count()
    if not dry_run:
        _erase(not_awarded)
        draft_ids = list(drafts.values_list("pk", flat=True))
        _delete_files(Document.objects.filter(application_id__in=draft_ids))
        Application.objects.filter(pk__in=draft_ids).delete()
    return [
        ("borradores de postulación nunca enviados", drafts_count),
        ("postulaciones no adjudicadas (respuestas y documentos)", not_awarded_count),
    ]
