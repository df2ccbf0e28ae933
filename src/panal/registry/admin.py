"""The Django admin shows the registry read-only: edits go through the back office, where they are audited."""

from django.contrib import admin

from panal.core.admin import ReadOnlyAdmin

from .models import Consent, Cooperative, Enterprise, EnterpriseYear, ImportBatch, Person, Representation


@admin.register(Person)
class PersonAdmin(ReadOnlyAdmin):
    list_display = ("rut", "first_names", "last_names", "commune", "is_sample")
    search_fields = ("rut", "first_names", "last_names")
    list_filter = ("is_sample",)


@admin.register(Enterprise)
class EnterpriseAdmin(ReadOnlyAdmin):
    list_display = ("rut", "legal_name", "legal_form", "commune", "size", "sii_tramo", "is_sample")
    search_fields = ("rut", "legal_name", "trade_name")
    list_filter = ("size", "legal_form", "is_sample")


@admin.register(Cooperative)
class CooperativeAdmin(ReadOnlyAdmin):
    list_display = (
        "enterprise",
        "cooperative_class",
        "registry_number",
        "members_women",
        "members_men",
        "in_good_standing",
    )
    list_filter = ("cooperative_class", "in_good_standing")


admin.site.register(EnterpriseYear, ReadOnlyAdmin)
admin.site.register(Representation, ReadOnlyAdmin)
admin.site.register(Consent, ReadOnlyAdmin)


@admin.register(ImportBatch)
class ImportBatchAdmin(ReadOnlyAdmin):
    list_display = ("filename", "kind", "status", "rows", "valid_rows", "created_by", "created_at")
    exclude = ("content",)
