"""Registry retention (hook: panal.privacy.retention; periods in privacy/records.py, activity "registro").

- A self-declared record (RUT typed by the account holder, never verified by ClaveÚnica or staff) that has not changed
  in DECLARED_DAYS and that nothing outside the registry points at (no application, project, rueda, registration...)
  is deleted with its consents and representation claims: it was a claim that never became an identity. One that
  something points at stays until that record's own period ends.
- A representation claim staff rejected is deleted, file included, CLAIM_DAYS after the review.
- The proof document of a verified claim is deleted CLAIM_DAYS after the review; the claim (who, which firm, who
  verified and when, the file's SHA-256) stays as the evidence of the verification.
Nothing here is in a public figure or in open data: those count projects and organisations, never these records."""

from datetime import timedelta

from django.db.models import CASCADE, Q

from .models import Person
from .models_claims import RepresentationClaim

DECLARED_DAYS = 2 * 365
CLAIM_DAYS = 365
# The record's own rows, deleted with it (CASCADE); a row of another kind that points at the person keeps it.
_DIES_WITH_PERSON = {"consents", "representation_claims"}


def expired_declared(now):
    """Declared-only records past the period that no row outliving them points at (an application, a project, a
    rueda participation, a Semana registration: PROTECT or SET_NULL); rows that CASCADE die with the record."""
    candidates = Person.objects.filter(
        rut__isnull=True,
        identity_verified_at__isnull=True,
        is_sample=False,
        updated_at__lt=now - timedelta(days=DECLARED_DAYS),
    )
    for relation in Person._meta.related_objects:
        if relation.on_delete is CASCADE:
            continue
        field = relation.field.name
        referencing = relation.related_model.objects.filter(**{f"{field}__isnull": False}).values(field)
        candidates = candidates.exclude(pk__in=referencing)
    return candidates


def purge_expired(*, now, dry_run: bool) -> list[tuple[str, int]]:
    declared = expired_declared(now)
    declared_count = declared.count()
    claims_before = now - timedelta(days=CLAIM_DAYS)
    rejected = RepresentationClaim.objects.filter(state="rejected", reviewed_at__lt=claims_before)
    rejected_count = rejected.count()
    doomed = RepresentationClaim.objects.filter(Q(pk__in=rejected.values("pk")) | Q(person__in=declared))
    proofs = RepresentationClaim.objects.filter(state="verified", reviewed_at__lt=claims_before).exclude(document="")
    proofs_count = proofs.count()
    if not dry_run:
        for claim in doomed:
            if claim.document:
                claim.document.delete(save=False)
        doomed.delete()
        Person.objects.filter(pk__in=list(declared.values_list("pk", flat=True))).delete()
        for claim in proofs:
            claim.document.delete(save=False)
        proofs.update(document="", document_name="")
    return [
        ("fichas declaradas sin verificar", declared_count),
        ("solicitudes de representación rechazadas", rejected_count),
        ("documentos de representaciones verificadas", proofs_count),
    ]
