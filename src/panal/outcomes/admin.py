from django.contrib import admin

from panal.core.admin_base import ReadOnlyAdmin

from .models import DecisionSnapshot, FollowUp


@admin.register(DecisionSnapshot)
class DecisionSnapshotAdmin(admin.ModelAdmin):
    """Read-only: a snapshot is immutable once written."""

    list_display = ["call", "cutoff", "origin", "is_demo", "created_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(FollowUp)
class FollowUpAdmin(ReadOnlyAdmin):
    list_display = ["call", "wave", "due_on", "invited_at", "reminders", "consent", "answered_at"]
    list_filter = ["wave", "consent"]
    exclude = ["token_digest"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # follow-ups change only through the outcomes services (tests/security/test_admin_writes.py)
