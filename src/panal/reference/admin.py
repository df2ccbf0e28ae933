from django.contrib import admin

from .models import EconomicActivity, UFValue


@admin.register(UFValue)
class UFValueAdmin(admin.ModelAdmin):
    list_display = ["date", "value"]
    date_hierarchy = "date"


@admin.register(EconomicActivity)
class EconomicActivityAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "subsector", "sector"]
    list_filter = ["sector"]
    search_fields = ["code", "name"]
