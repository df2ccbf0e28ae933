from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group

from .admin_base import ReadOnlyAdmin
from .models import AuditEntry, User

admin.site.site_header = "Administración de Panal"
admin.site.site_title = "Panal"
admin.site.index_title = "Administración"


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Accounts: every change (roles, activation, staff flag) through core.services.save_account_by_admin, audited."""

    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_staff", "is_active"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Datos personales", {"fields": ("first_name", "last_name")}),
        ("Roles y permisos", {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        ("Fechas", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)

    def save_model(self, request, obj, form, change):
        from .services import save_account_by_admin

        save_account_by_admin(actor=request.user, user=obj, changed=form.changed_data)

    def save_related(self, request, form, formsets, change):
        from . import audit

        super().save_related(request, form, formsets, change)  # groups (roles): recorded right after
        if "groups" in form.changed_data:
            roles = sorted(form.instance.groups.values_list("name", flat=True))
            audit.record(actor=request.user, action="account.roles_changed", obj=form.instance, after={"roles": roles})

    def has_delete_permission(self, request, obj=None):
        return False  # accounts are deactivated (is_active), never deleted: their history points at them


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the audit log is appended by services, never edited by hand."""

    list_display = ["created_at", "actor_label", "action", "object_type", "object_id", "object_repr"]
    list_filter = ["action", "object_type"]
    search_fields = ["object_id", "object_repr", "actor_label", "reason"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# Roles are groups defined by migrations (core 0002_roles): the admin shows them, it does not redefine them.
admin.site.unregister(Group)


@admin.register(Group)
class RoleAdmin(ReadOnlyAdmin, DjangoGroupAdmin):
    pass
