"""Two-factor devices are made and removed only through the identity pages (enrolment, audit), so the admin that
django-otp registers is replaced by a read-only list (tests/security/test_admin_writes.py). django-otp's field names
are English and its page shows the secret key: only these Spanish columns are shown."""

from django.contrib import admin
from django_otp.plugins.otp_totp.models import TOTPDevice

from panal.core.admin_base import ReadOnlyAdmin

if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)


class ConfirmedFilter(admin.SimpleListFilter):
    title = "confirmado"
    parameter_name = "confirmado"

    def lookups(self, request, model_admin):
        return [("si", "Sí"), ("no", "No")]

    def queryset(self, request, queryset):
        if self.value() in ("si", "no"):
            return queryset.filter(confirmed=self.value() == "si")
        return queryset


@admin.register(TOTPDevice)
class TOTPDeviceAdmin(ReadOnlyAdmin):
    list_display = ("user", "device_name", "is_confirmed", "created")
    list_filter = (ConfirmedFilter,)
    fields = ("user", "device_name", "is_confirmed", "created", "last_used")
    readonly_fields = fields

    @admin.display(description="usuario/a")
    def user(self, obj):
        return obj.user

    @admin.display(description="nombre del dispositivo")
    def device_name(self, obj):
        return obj.name

    @admin.display(description="confirmado", boolean=True)
    def is_confirmed(self, obj):
        return obj.confirmed

    @admin.display(description="creado", ordering="created_at")
    def created(self, obj):
        return obj.created_at

    @admin.display(description="último uso")
    def last_used(self, obj):
        return obj.last_used_at
