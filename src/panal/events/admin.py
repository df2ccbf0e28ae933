"""The Semana in the admin: activities are saved through the events services (the waitlist moves when seats are
added, and every change is audited); editions through their service; registrations are read-only."""

from django.contrib import admin

from panal.core.admin_base import ReadOnlyAdmin, ServiceAdmin

from . import services
from .models import Activity, Edition, Registration


@admin.register(Edition)
class EditionAdmin(ServiceAdmin):
    list_display = ("name", "year", "region", "starts_on", "ends_on", "is_sample")
    list_filter = ("is_sample", "region")
    prepopulated_fields = {"slug": ("name",)}

    def save_through_service(self, request, obj, form, change):
        services.save_edition(actor=request.user, edition=obj, changed=form.changed_data)


@admin.register(Activity)
class ActivityAdmin(ServiceAdmin):
    list_display = ("title", "edition", "type", "agency", "commune", "starts_at", "capacity", "registration_open")
    list_filter = ("edition", "type", "agency", "objective", "audience")
    search_fields = ("title", "description", "venue")
    raw_id_fields = ("commune",)

    def save_through_service(self, request, obj, form, change):
        fields = {f: form.cleaned_data[f] for f in services.ACTIVITY_FIELDS if f in form.cleaned_data}
        if change:
            saved = services.update_activity(actor=request.user, activity_id=obj.pk, **fields)
        else:
            saved = services.create_activity(actor=request.user, edition=form.cleaned_data["edition"], **fields)
        obj.pk = saved.pk


@admin.register(Registration)
class RegistrationAdmin(ReadOnlyAdmin):
    """Read-only: registrations change only through the Semana's pages (capacity and waitlist rules)."""

    list_display = ("name", "activity", "status", "created_at", "checked_in_at")
    list_filter = ("status", "activity__edition")
    search_fields = ("name", "email", "code")
