"""Demo content: the form of the fictitious open call (catalog.demo), a copy of Capital Abeja Emprende's."""

from django.db import transaction

from panal.catalog.selectors import get_call

from .form_definitions import validate_admissibility, validate_definition, validate_rubric
from .models import ApplicationForm
from .shipped_forms import FORMS

DEMO_CALL_CODE = "capital-abeja-emprende-demo"


@transaction.atomic
def load_demo() -> str:
    call = get_call(DEMO_CALL_CODE)
    if call is None:
        return "sin convocatoria de demostración."
    from .demo_results import load_closed_demo_call

    closed = load_closed_demo_call()
    if ApplicationForm.objects.filter(call=call).exists():
        return f"formulario de la convocatoria de demostración ya estaba; {closed}"
    form = FORMS["capital-abeja-emprende"]
    validate_definition(form["sections"])
    validate_rubric(form["rubric"])
    validate_admissibility(form["admissibility"], form["sections"])
    ApplicationForm.objects.create(
        call=call,
        folio_prefix="DEMO",
        sections=form["sections"],
        rubric=form["rubric"],
        admissibility=form["admissibility"],
    )
    return f"formulario de la convocatoria de demostración creado (folios DEMO-06-2026-…); {closed}"
