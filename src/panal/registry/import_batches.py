"""Services of the back-office import flow: upload (validate and keep the report) → confirm (write) or discard.

Nothing is written to the registry on upload; confirming re-validates the stored file against the registry as it is
then, and writes in one transaction. A batch is confirmed at most once (row lock + status check), so a double click
or a retried request never imports twice."""

from django.db import transaction
from django.utils import timezone

from panal.core import audit
from panal.core.errors import DomainError

from .imports import KINDS, run_import
from .models import ImportBatch

MAX_REPORT_ISSUES = 2000


def _report(result) -> list[dict]:
    return [issue.as_dict() for issue in result.issues[:MAX_REPORT_ISSUES]]


@transaction.atomic
def upload_import(*, kind: str, filename: str, content: bytes, actor) -> ImportBatch:
    if kind not in KINDS:
        raise DomainError("Elija qué contiene el archivo: personas, empresas o cooperativas.", field="kind")
    result = run_import(kind=kind, data=content, filename=filename, dry_run=True)
    batch = ImportBatch.objects.create(
        kind=kind,
        filename=filename[:255],
        content=content,
        rows=result.rows,
        valid_rows=result.valid,
        report=_report(result),
        summary=result.summary()[:300],
        status="discarded" if result.file_error else "validated",
        created_by=actor,
    )
    audit.record(actor=actor, action="registry.import.uploaded", obj=batch, after={"summary": batch.summary})
    return batch


@transaction.atomic
def confirm_import(*, batch: ImportBatch, actor) -> ImportBatch:
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != "validated":
        raise DomainError(
            f"Esta importación ya está «{batch.get_status_display()}»; no se puede confirmar.", field="status"
        )
    result = run_import(kind=batch.kind, data=bytes(batch.content), filename=batch.filename, actor=actor, batch=batch)
    if result.file_error:
        raise DomainError(result.file_error, field="file")
    batch.status = "imported"
    batch.imported_at = timezone.now()
    batch.rows, batch.valid_rows = result.rows, result.valid
    batch.report = _report(result)
    batch.summary = result.summary()[:300]
    batch.save(update_fields=["status", "imported_at", "rows", "valid_rows", "report", "summary"])
    return batch


@transaction.atomic
def discard_import(*, batch: ImportBatch, actor) -> ImportBatch:
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != "validated":
        raise DomainError(f"Esta importación ya está «{batch.get_status_display()}».", field="status")
    batch.status = "discarded"
    batch.save(update_fields=["status"])
    audit.record(actor=actor, action="registry.import.discarded", obj=batch)
    return batch
