from django.contrib import admin

from .models import Agency, AgencyStaff


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["short_name", "code", "name"]
    search_fields = ["code", "name", "short_name"]


@admin.register(AgencyStaff)
class AgencyStaffAdmin(admin.ModelAdmin):
    list_display = ["user", "agency", "created_at"]
    list_filter = ["agency"]
    autocomplete_fields = ["agency"]
