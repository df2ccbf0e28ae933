"""A call's bases and sworn declaration (texts as data, versioned), its PDFs (bases, annexes, versioned) and its
question period (consultas a las bases): the staff publish, signed-in people ask, staff answer in public."""

import hashlib
import re
from datetime import datetime, time

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from panal.catalog.selectors import agencies_of
from panal.core import audit
from panal.core.dates import SANTIAGO, parse_date
from panal.core.errors import DomainError, PermissionDenied
from panal.core.roles import ADMINISTRATOR, AGENCY_STAFF, has_role
from panal.core.uploads import InvalidUpload, check_content

from .. import form_definitions
from ..models import ApplicationForm, CallDocument, CallQuestion, CallTerms
from ..selectors import question_period
from .common import local_time, logs_refusals

MAX_QUESTION = 2000
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,59}$")


def check_call_staff(actor, call) -> None:

    if has_role(actor, ADMINISTRATOR):
        return
    instrument = call.instrument
    codes = {a.code for a in agencies_of(actor)} if has_role(actor, AGENCY_STAFF) else set()
    if instrument.agency.code not in codes and not (instrument.co_agency and instrument.co_agency.code in codes):
        raise PermissionDenied("Solo el equipo de la institución que convoca puede hacer esto.", field="call")


def checked_file(file, *, field: str, label: str, allowed=("pdf",), max_mb: int = 10) -> tuple[str, int, str]:
    """(extension, size, sha256) of an upload whose type (by content) and size are allowed; else DomainError."""
    name = (getattr(file, "name", "") or "archivo").rsplit("/", 1)[-1][:150]
    head = file.read(16)
    file.seek(0)
    q = {"key": field, "label": label, "allowed": list(allowed), "max_mb": max_mb}
    ext, _ = form_definitions.check_upload(q, name, file.size, head)
    try:
        check_content(ext, file)  # parsed, not just its first bytes (as every other upload)
    except InvalidUpload as exc:
        raise DomainError(f"«{label}»: «{name}» {exc}.", field=field) from None
    digest = hashlib.sha256()
    for chunk in file.chunks():
        digest.update(chunk)
    file.seek(0)
    return ext, file.size, digest.hexdigest()


@logs_refusals
@transaction.atomic
def publish_terms(
    *, call, actor, bases_summary: str, declaration: str, obligations=(), execution_months: int = 6
) -> CallTerms:
    """A new version of the call's bases summary and sworn declaration; earlier versions stay as they were."""
    check_call_staff(actor, call)
    bases_summary = (bases_summary or "").replace("\x00", "").strip()
    declaration = (declaration or "").replace("\x00", "").strip()
    if isinstance(obligations, str):  # one obligation a line, as staff type them
        obligations = obligations.replace("\x00", "").splitlines()
    if not bases_summary:
        raise DomainError("Escriba lo esencial de las bases.", field="bases_summary")
    if not declaration:
        raise DomainError("Escriba el texto de la declaración jurada.", field="declaration")
    try:
        execution_months = int(str(execution_months).strip())
    except ValueError:
        execution_months = 0
    if not 1 <= execution_months <= 60:
        raise DomainError("El plazo de ejecución debe estar entre 1 y 60 meses.", field="execution_months")
    obligations = [str(o).strip() for o in obligations if str(o).strip()]
    ApplicationForm.objects.select_for_update().filter(call=call).first()  # serialises versions of one call
    current = CallTerms.objects.filter(call=call).order_by("-version").first()
    texts = (bases_summary, declaration, obligations, execution_months)
    if current and (current.bases_summary, current.declaration, current.obligations, current.execution_months) == texts:
        return current  # the same texts sent again (a double click): no new version for applicants to sign
    terms = CallTerms.objects.create(
        call=call,
        version=(current.version if current else 0) + 1,
        bases_summary=bases_summary,
        declaration=declaration,
        obligations=obligations,
        execution_months=execution_months,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit.record(actor=actor, action="applications.terms.published", obj=terms, after={"version": terms.version})
    return terms


@logs_refusals
@transaction.atomic
def attach_call_document(
    *, call, actor, kind: str, slug: str, title: str, file, illustrative: bool = False
) -> CallDocument:
    """Attach a PDF (bases or annex) to the call; the same slug again becomes its next version."""
    check_call_staff(actor, call)
    if kind not in ("bases", "anexo"):
        raise DomainError("El documento debe ser «bases» o «anexo».", field="kind")
    title = (title or "").replace("\x00", "").strip()[:200]
    if not title:
        raise DomainError("Escriba el título del documento.", field="title")
    slug = (slug or "").strip()
    if not SLUG.match(slug):
        raise DomainError(
            "El identificador del documento lleva solo minúsculas sin tilde, números y guiones (p. ej. «anexo-1»).",
            field="slug",
        )
    if file is None:
        raise DomainError("Adjunte el archivo PDF del documento.", field="file")
    _, size, sha = checked_file(file, field="file", label=title)
    ApplicationForm.objects.select_for_update().filter(call=call).first()
    last = CallDocument.objects.filter(call=call, kind=kind, slug=slug).aggregate(m=Max("version"))["m"] or 0
    document = CallDocument(
        call=call,
        kind=kind,
        slug=slug,
        title=title,
        version=last + 1,
        size=size,
        sha256=sha,
        illustrative=illustrative,
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    document.file.save(f"{slug}.pdf", file, save=False)
    document.save()
    audit.record(
        actor=actor, action="applications.call_document.attached", obj=document, after={"version": document.version}
    )
    return document


@logs_refusals
@transaction.atomic
def set_question_period(*, call, actor, opens_at, closes_at) -> ApplicationForm:
    check_call_staff(actor, call)
    if opens_at is None or closes_at is None or closes_at <= opens_at:
        raise DomainError("El período de consultas debe terminar después de empezar.", field="questions_close_at")
    form = ApplicationForm.objects.select_for_update().filter(call=call).first()
    if form is None:
        raise DomainError("La convocatoria no tiene formulario en línea.", field="call")
    form.questions_open_at, form.questions_close_at = opens_at, closes_at
    form.save(update_fields=["questions_open_at", "questions_close_at", "updated_at"])
    audit.record(
        actor=actor, action="applications.question_period.set", obj=form, after={"closes": closes_at.isoformat()}
    )
    return form


def _day(value, *, field: str, label: str):
    if value in (None, ""):
        raise DomainError(f"Escriba la fecha de {label} de las consultas.", field=field)
    try:
        return parse_date(value)
    except ValueError as exc:
        raise DomainError(
            f"La fecha de {label} de las consultas no es una fecha válida (use DD-MM-AAAA).", field=field
        ) from exc


@logs_refusals
@transaction.atomic
def set_question_dates(*, call, actor, opens_on, closes_on) -> ApplicationForm:
    """The question period as staff type it: from the first day at 00:00 to the last day at 23:59 (Chile's time);
    the last day may be the first one, never before it, and never after the call closes."""
    check_call_staff(actor, call)
    first = _day(opens_on, field="questions_open_on", label="inicio")
    last = _day(closes_on, field="questions_close_on", label="término")
    if last < first:
        raise DomainError(
            "La fecha de término de las consultas no puede ser anterior a la de inicio.", field="questions_close_on"
        )
    call_closes = timezone.localtime(call.closes_at, SANTIAGO).date()
    if last > call_closes:
        raise DomainError(
            f"La fecha de término de las consultas no puede ser posterior al cierre de la convocatoria "
            f"({call_closes:%d-%m-%Y}).",
            field="questions_close_on",
        )
    opens_at = datetime.combine(first, time(0, 0), tzinfo=SANTIAGO)
    closes_at = datetime.combine(last, time(23, 59), tzinfo=SANTIAGO)
    return set_question_period(call=call, actor=actor, opens_at=opens_at, closes_at=closes_at)


@logs_refusals
@transaction.atomic
def ask_question(*, call, actor, question: str, now=None) -> CallQuestion:
    """A signed-in person asks about the bases, only inside the call's question period."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied("Ingrese con su cuenta para hacer una consulta.", field="question")
    question = (question or "").replace("\x00", "").strip()
    if not question:
        raise DomainError("Escriba su consulta.", field="question")
    if len(question) > MAX_QUESTION:
        raise DomainError(f"La consulta puede tener hasta {MAX_QUESTION} caracteres.", field="question")

    opens, closes = question_period(call)
    now = now or timezone.now()
    if opens is None or closes is None:
        raise DomainError("Esta convocatoria no tiene período de consultas.", field="question")
    if not opens <= now < closes:
        raise DomainError(
            f"Las consultas a las bases se reciben del {local_time(opens)} al {local_time(closes)} (hora de Chile).",
            field="question",
            code="outside_period",
        )
    item = CallQuestion.objects.create(call=call, asked_by=actor, question=question)
    audit.record(actor=actor, action="applications.call_question.asked", obj=item, after={"call": call.code})
    return item


@logs_refusals
@transaction.atomic
def answer_question(*, item: CallQuestion, actor, answer: str) -> CallQuestion:
    """Staff answer a question; the answer is published on the call's page (without who asked)."""
    item = CallQuestion.objects.select_for_update().select_related("call__instrument").get(pk=item.pk)
    check_call_staff(actor, item.call)
    answer = (answer or "").replace("\x00", "").strip()
    if not answer:
        raise DomainError("Escriba la respuesta.", field="answer")
    item.answer, item.answered_by, item.published_at = answer[:5000], actor, timezone.now()
    item.save(update_fields=["answer", "answered_by", "published_at"])
    audit.record(actor=actor, action="applications.call_question.answered", obj=item)
    return item
