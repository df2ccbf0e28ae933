from django.db import transaction

from panal.catalog.selectors import get_call

from .form_definitions import validate_admissibility, validate_definition, validate_rubric
from .models import ApplicationForm
from .shipped_forms import FORMS


@transaction.atomic
def load_reference() -> str:
    """The shipped calls' forms; a form staff already edited is never overwritten."""
    created = 0
    for code, form in FORMS.items():
        call = get_call(code)
        if call is None or ApplicationForm.objects.filter(call=call).exists():
            continue
        validate_definition(form["sections"])
        validate_rubric(form["rubric"])
        validate_admissibility(form["admissibility"], form["sections"])
        ApplicationForm.objects.create(
            call=call,
            folio_prefix=form["folio_prefix"],
            sections=form["sections"],
            rubric=form["rubric"],
            admissibility=form["admissibility"],
        )
        created += 1
    return f"{ApplicationForm.objects.count()} formularios de postulación ({created} nuevos)."
