"""A call's application form and rubric, set by the call's agency staff."""

from django.db import transaction

from panal.core import audit
from panal.core.errors import DomainError, PermissionDenied

from .. import form_definitions
from ..models import (
    ApplicationForm,
)
from .common import logs_refusals

# --- forms (back office) -----------------------------------------------------------------------------------------


@logs_refusals
@transaction.atomic
def set_form(*, call, actor, folio_prefix: str, sections, rubric=None, admissibility=None) -> ApplicationForm:
    """Create or replace a call's form. Once an application was submitted, the questions no longer change."""
    if actor is None or not actor.has_perm("applications.manage_call", call):
        raise PermissionDenied("Solo el equipo de la institución de la convocatoria edita su formulario.", field="call")
    prefix = (folio_prefix or "").strip().upper()
    if not (prefix.isalnum() and 2 <= len(prefix) <= 12):
        raise DomainError(
            "El prefijo del folio debe tener de 2 a 12 letras o números, sin espacios.", field="folio_prefix"
        )
    form_definitions.validate_definition(sections)
    form_definitions.validate_rubric(rubric or {})
    form_definitions.validate_admissibility(admissibility or {}, sections)
    clash = ApplicationForm.objects.filter(
        folio_prefix=prefix, call__region_id=call.region_id, call__year=call.year
    ).exclude(call=call)
    if clash.exists():
        raise DomainError(
            f"El prefijo {prefix} ya lo usa otra convocatoria de la región en {call.year}: los folios se repetirían.",
            field="folio_prefix",
        )
    form = ApplicationForm.objects.select_for_update().filter(call=call).first()
    if form is not None and form.last_folio and form.sections != sections:
        raise DomainError("Ya hay postulaciones enviadas: las preguntas no se pueden cambiar.", field="sections")
    if form is None:
        form = ApplicationForm(call=call)
    form.folio_prefix, form.sections, form.rubric = prefix, sections, rubric or {}
    form.admissibility = admissibility or {}
    form.save()
    audit.record(actor=actor, action="applications.form.saved", obj=form, after={"prefix": prefix})
    return form
