"""Two-factor devices are made and removed only through the identity pages (enrolment, audit), so the admin that
django-otp registers is replaced by a read-only list (tests/security/test_admin_writes.py)."""

from django.contrib import admin
from django_otp.plugins.otp_totp.models import TOTPDevice

from panal.core.admin_base import ReadOnlyAdmin

if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)


@admin.register(TOTPDevice)
class TOTPDeviceAdmin(ReadOnlyAdmin):
    list_display = ("user", "name", "confirmed", "created_at")
    list_filter = ("confirmed",)
    raw_id_fields = ("user",)
