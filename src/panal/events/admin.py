from django.contrib import admin

from panal.core.admin import ReadOnlyAdmin

from .models import Activity, Edition, Registration


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    list_display = ("name", "year", "region", "starts_on", "ends_on", "is_sample")
    list_filter = ("is_sample", "region")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ("title", "edition", "type", "agency", "commune", "starts_at", "capacity", "registration_open")
    list_filter = ("edition", "type", "agency", "objective", "audience")
    search_fields = ("title", "description", "venue")
    autocomplete_fields = ()
    raw_id_fields = ("commune",)


@admin.register(Registration)
class RegistrationAdmin(ReadOnlyAdmin):
    """Read-only: registrations change only through the Semana's pages (capacity and waitlist rules)."""

    list_display = ("name", "activity", "status", "created_at", "checked_in_at")
    list_filter = ("status", "activity__edition")
    search_fields = ("name", "email", "code")
