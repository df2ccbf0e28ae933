"""Back office: staff build each call's form here (sections, questions and rubric as JSON, checked on save);
applications are read-only here — their state changes only through the review and committee pages."""

import json

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from panal.core.admin import ReadOnlyAdmin as ReadOnly

from .models import Application, ApplicationForm, CommitteeSession, Decision
from .services import set_form


@admin.register(ApplicationForm)
class ApplicationFormAdmin(admin.ModelAdmin):
    list_display = ["call", "folio_prefix", "last_folio", "updated_at"]
    search_fields = ["call__code", "call__title", "folio_prefix"]
    readonly_fields = ["last_folio"]
    autocomplete_fields = ["call"]
    fieldsets = [
        (None, {"fields": ["call", "folio_prefix", "last_folio"]}),
        (
            "Preguntas",
            {
                "fields": ["sections"],
                "description": (
                    "Lista de secciones <code>{key, title, questions:[{key, label, type, required, ...}]}</code>. "
                    "Tipos: <code>text</code>, <code>long_text</code>, <code>number</code>, <code>clp</code>, "
                    "<code>choice</code> (<code>choices</code>), <code>date</code>, <code>file</code> "
                    "(<code>allowed</code>, <code>max_mb</code>), <code>budget</code> (<code>categories</code> con "
                    "<code>min</code> y <code>max</code> en pesos, <code>total_min</code>, <code>total_max</code>). "
                    "Se valida al guardar."
                ),
            },
        ),
        ("Pauta de evaluación", {"fields": ["rubric"]}),
    ]

    def has_delete_permission(self, request, obj=None):
        return False  # no service deletes a form (issue 10: admin writes go through services); set_form replaces it

    def save_model(self, request, obj, form, change):
        saved = set_form(
            call=obj.call, actor=request.user, folio_prefix=obj.folio_prefix, sections=obj.sections, rubric=obj.rubric
        )
        obj.pk = saved.pk

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.last_folio:
            return ["last_folio", "call", "folio_prefix", "questions"]  # questions stay as they were answered
        return self.readonly_fields

    def get_fieldsets(self, request, obj=None):
        if obj is None or not obj.last_folio:
            return self.fieldsets
        return [
            (name, {**options, "fields": ["questions" if f == "sections" else f for f in options["fields"]]})
            for name, options in self.fieldsets
        ]

    @admin.display(description="preguntas (ya respondidas: no cambian)")
    def questions(self, obj):
        return format_html("<pre>{}</pre>", json.dumps(obj.sections, ensure_ascii=False, indent=2))


@admin.register(Application)
class ApplicationAdmin(ReadOnly):
    """The answers and budget are read (and the reading audited) on the application's staff page, not here; the
    eligibility stored at submission is shown by its verdict, not as the engine's raw JSON."""

    list_display = ["folio", "call", "state", "submitted_at", "score", "awarded_clp"]
    list_filter = ["state", "call"]
    search_fields = ["folio", "person__last_names", "enterprise__legal_name"]
    exclude = ["answers", "budget", "eligibility"]
    readonly_fields = ["eligibility_verdict", "staff_page"]

    @admin.display(description="elegibilidad al enviar")
    def eligibility_verdict(self, obj):
        return obj.eligibility_label or "—"

    @admin.display(description="respuestas y presupuesto")
    def staff_page(self, obj):
        url = reverse("applications:staff_detail", args=[obj.pk])
        return format_html('<a href="{}">Ver en la gestión de postulaciones</a>', url)


@admin.register(CommitteeSession)
class CommitteeSessionAdmin(ReadOnly):
    list_display = ["call", "committee", "held_at", "quorum", "closed_at"]


@admin.register(Decision)
class DecisionAdmin(ReadOnly):
    list_display = ["application", "outcome", "amount_clp", "decided_at"]
