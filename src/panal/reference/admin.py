"""Reference data is loaded by `panal load-reference` and `panal refresh-uf`: read-only in the admin."""

from django.contrib import admin

from panal.core.admin_base import ReadOnlyAdmin

from .models import EconomicActivity, UFValue


@admin.register(UFValue)
class UFValueAdmin(ReadOnlyAdmin):
    list_display = ["date", "value"]
    date_hierarchy = "date"


@admin.register(EconomicActivity)
class EconomicActivityAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "subsector", "sector"]
    list_filter = ["sector"]
    search_fields = ["code", "name"]
