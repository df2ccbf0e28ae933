"""The catalogue in the admin. Calls are read-only here (they change through catalog services and the applications'
pages: dates and money have rules); agency staff are added and removed through the staff services; agencies,
instruments and eligibility criteria are saved through `save_catalog_entry` (validated and audited)."""

from django.contrib import admin
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from panal.core.admin_base import ReadOnlyAdmin, ServiceAdmin
from panal.core.money import format_clp, format_decimal_cl

from . import services
from .models import Agency, AgencyStaff, Call, Condition, Criterion, Instrument


class CatalogAdmin(ServiceAdmin):
    def save_through_service(self, request, obj, form, change):
        services.save_catalog_entry(actor=request.user, obj=obj, changed=form.changed_data)

    def delete_through_service(self, request, obj):
        services.delete_catalog_entry(actor=request.user, obj=obj)

    def save_inline_through_service(self, request, obj):
        services.save_catalog_entry(actor=request.user, obj=obj, changed=None)

    def delete_inline_through_service(self, request, obj):
        services.delete_catalog_entry(actor=request.user, obj=obj)


@admin.register(Agency)
class AgencyAdmin(CatalogAdmin):
    list_display = ["short_name", "code", "name"]
    search_fields = ["code", "name", "short_name"]


@admin.register(AgencyStaff)
class AgencyStaffAdmin(ServiceAdmin):
    list_display = ["user", "agency", "created_at"]
    list_filter = ["agency"]
    autocomplete_fields = ["agency"]

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)  # remove and add, never move

    def save_through_service(self, request, obj, form, change):
        saved = services.add_staff_member(user=obj.user, agency_code=obj.agency.code, actor=request.user)
        obj.pk = saved.pk

    def delete_through_service(self, request, obj):
        services.remove_staff_member(membership=obj, actor=request.user)


class CriterionInline(admin.StackedInline):
    """The criterion's texts; its conditions are edited on the criterion's own page (link «Cambiar»)."""

    model = Criterion
    extra = 0
    fields = [
        "key",
        "position",
        "pass_message",
        "fail_message",
        "hint",
        "source_url",
        "verified",
        "source_note",
        "declaration",
    ]
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
class InstrumentAdmin(CatalogAdmin):
    list_display = ["name", "code", "agency"]
    list_filter = ["agency"]
    search_fields = ["code", "name"]
    inlines = [InstrumentCriterionInline]


@admin.register(Call)
class CallAdmin(ReadOnlyAdmin):
    """Read-only; the two JSON fields people read here are shown as sentences, not as their stored keys."""

    list_display = ["title", "code", "instrument", "opens_at", "closes_at"]
    list_filter = ["instrument__agency", "region", "year"]
    search_fields = ["code", "title"]
    inlines = [CallCriterionInline]
    exclude = ["subsidy_tiers", "referential"]
    readonly_fields = ["tiers", "referential_fields"]

    @admin.display(description="topes por tramo de ventas")
    def tiers(self, obj):
        lines = [
            f"Ventas hasta {format_decimal_cl(t['sales_uf_max'], 0)} UF: hasta {format_clp(t['max_clp'])} "
            f"y el {t['share_pct']}% del proyecto"
            for t in obj.subsidy_tiers or ()
        ]
        return format_html_join(mark_safe("<br>"), "{}", ((line,) for line in lines)) if lines else "—"

    @admin.display(description="datos referenciales (valor no verificado)")
    def referential_fields(self, obj):
        names = {f.name: str(f.verbose_name) for f in Call._meta.get_fields() if hasattr(f, "verbose_name")}
        return ", ".join(names.get(n, n.replace("_", " ")) for n in obj.referential or ()) or "—"


@admin.register(Criterion)
class CriterionAdmin(CatalogAdmin):
    list_display = ["key", "instrument", "call", "verified"]
    list_filter = ["verified", "instrument"]
    search_fields = ["key", "pass_message"]
    inlines = [ConditionInline]
