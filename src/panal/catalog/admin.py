from django.contrib import admin

from .models import Agency, AgencyStaff, Call, Condition, Criterion, Instrument


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["short_name", "code", "name"]
    search_fields = ["code", "name", "short_name"]


@admin.register(AgencyStaff)
class AgencyStaffAdmin(admin.ModelAdmin):
    list_display = ["user", "agency", "created_at"]
    list_filter = ["agency"]
    autocomplete_fields = ["agency"]


class CriterionInline(admin.StackedInline):
    """The criterion's texts; its conditions are edited on the criterion's own page (link «Cambiar»)."""

    model = Criterion
    extra = 0
    fields = ["key", "position", "pass_message", "fail_message", "hint", "source_url", "verified"]
    show_change_link = True


class InstrumentCriterionInline(CriterionInline):
    fk_name = "instrument"


class CallCriterionInline(CriterionInline):
    fk_name = "call"


class ConditionInline(admin.TabularInline):
    """One row per condition: the data (a list), the operator (a list) and the value as text."""

    model = Condition
    extra = 1
    fields = ["branch", "field", "op", "value"]


@admin.register(Instrument)
class InstrumentAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "agency"]
    list_filter = ["agency"]
    search_fields = ["code", "name"]
    inlines = [InstrumentCriterionInline]


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    list_display = ["title", "code", "instrument", "opens_at", "closes_at"]
    list_filter = ["instrument__agency", "region", "year"]
    search_fields = ["code", "title"]
    inlines = [CallCriterionInline]


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ["pass_message", "instrument", "call", "verified"]
    list_filter = ["verified", "instrument"]
    search_fields = ["key", "pass_message"]
    inlines = [ConditionInline]
