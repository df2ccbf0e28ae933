"""Demo content: the form of the fictitious open call (catalog.demo), a copy of Capital Abeja Emprende's, with
illustrative bases (a generated PDF that says so), its sworn declaration and a question period, so the whole path
can be tried end to end. Each part is created once and never overwritten."""

import hashlib
from datetime import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string

from panal.catalog.selectors import get_call
from panal.core.dates import SANTIAGO

from .demo_results import load_closed_demo_call
from .form_definitions import validate_admissibility, validate_definition, validate_rubric
from .models import ApplicationForm, CallDocument, CallTerms
from .shipped_forms import FORMS

DEMO_CALL_CODE = "capital-abeja-emprende-demo"
CHILE = SANTIAGO

BASES_SUMMARY = """Convocatoria de DEMOSTRACIÓN: no entrega recursos reales.
Pueden postular mujeres mayores de 18 años, sin inicio de actividades en primera categoría, con domicilio en la región.
El subsidio es de $3.500.000 para un plan de trabajo con inversiones y acciones de gestión.
La ejecución dura seis meses desde la firma del convenio; cada gasto se rinde con su factura, boleta o boleta de
honorarios."""
DECLARATION = """Declaro bajo juramento que la información entregada en esta postulación es verdadera; que no tengo
rendiciones pendientes con instituciones públicas; que no soy funcionaria de la institución que convoca ni pariente
de quienes evalúan; y que conozco y acepto las bases de la convocatoria."""
OBLIGATIONS = [
    "Usar el subsidio solo en las líneas del presupuesto aprobado.",
    "Rendir cada gasto con su documento tributario a su nombre, dentro del plazo de ejecución.",
    "Reintegrar los montos no rendidos o rechazados.",
    "Entregar un informe final al término de la ejecución.",
]


def illustrative_bases_pdf(call) -> bytes:
    from weasyprint import HTML  # noqa: PLC0415 (heavy library, loaded only when this runs)

    html = render_to_string(
        "applications/pdf/illustrative_bases.html",
        {"call": call, "summary": BASES_SUMMARY, "declaration": DECLARATION, "obligations": OBLIGATIONS},
    )
    return HTML(string=html).write_pdf()


@transaction.atomic
def load_demo() -> str:
    call = get_call(DEMO_CALL_CODE)
    if call is None:
        return "sin convocatoria de demostración."

    closed = load_closed_demo_call()
    done = []
    form = ApplicationForm.objects.filter(call=call).first()
    if form is None:
        shipped = FORMS["capital-abeja-emprende"]
        validate_definition(shipped["sections"])
        validate_rubric(shipped["rubric"])
        validate_admissibility(shipped["admissibility"], shipped["sections"])
        form = ApplicationForm.objects.create(
            call=call,
            folio_prefix="DEMO",
            sections=shipped["sections"],
            rubric=shipped["rubric"],
            admissibility=shipped["admissibility"],
        )
        done.append("formulario (folios DEMO-06-2026-…)")
    if form.questions_open_at is None:
        form.questions_open_at = datetime(2026, 11, 1, 9, 0, tzinfo=CHILE)
        form.questions_close_at = datetime(2027, 5, 31, 15, 0, tzinfo=CHILE)
        form.save(update_fields=["questions_open_at", "questions_close_at"])
        done.append("período de consultas")
    if not CallTerms.objects.filter(call=call).exists():
        CallTerms.objects.create(
            call=call, version=1, bases_summary=BASES_SUMMARY, declaration=DECLARATION, obligations=OBLIGATIONS
        )
        done.append("bases y declaración jurada v1")
    if not CallDocument.objects.filter(call=call).exists():
        body = illustrative_bases_pdf(call)
        document = CallDocument(
            call=call,
            kind="bases",
            slug="bases",
            title="Bases ilustrativas (demostración)",
            version=1,
            size=len(body),
            sha256=hashlib.sha256(body).hexdigest(),
            illustrative=True,
        )
        document.file.save("bases-ilustrativas.pdf", ContentFile(body), save=False)
        document.save()
        done.append("bases ilustrativas en PDF")
    if not done:
        return f"convocatoria de demostración completa, ya estaba; {closed}"
    return "convocatoria de demostración: " + ", ".join(done) + f"; {closed}"
