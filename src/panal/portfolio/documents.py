"""Files of the grantee's project: the scanned tax documents (type checked by content) and the convenio PDF
(WeasyPrint, from the agreement's snapshot)."""

import hashlib

from django.template.loader import render_to_string
from django.utils import timezone

from panal.applications.form_definitions import check_upload

from .selectors import grant_view

ALLOWED = ["pdf", "jpg", "jpeg", "png"]
MAX_MB = 10


def checked_scan(file) -> tuple[str, str]:
    """(extension, sha256) of a scanned document whose content matches its type and size; else DomainError."""

    name = (getattr(file, "name", "") or "documento").rsplit("/", 1)[-1][:150]
    head = file.read(16)
    file.seek(0)
    q = {"key": "file", "label": "Documento escaneado", "allowed": ALLOWED, "max_mb": MAX_MB}
    ext, _ = check_upload(q, name, file.size, head)
    digest = hashlib.sha256()
    for chunk in file.chunks():
        digest.update(chunk)
    file.seek(0)
    return ext, digest.hexdigest()


def convenio_pdf(project) -> bytes:
    from weasyprint import HTML  # noqa: PLC0415 (heavy library, loaded only when this runs)

    view = grant_view(project)
    html = render_to_string(
        "portfolio/pdf/convenio.html", {"project": project, **view, "generated": timezone.localtime()}
    )
    return HTML(string=html).write_pdf()
