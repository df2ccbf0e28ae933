import json

from django.apps import apps
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.utils.html import format_html

from . import (
    admin_jobs,  # noqa: F401  (registers the dead-letter view)
    audit,
)
from .admin_base import ReadOnlyAdmin
from .models import AuditEntry, User
from .roles import ROLE_LABELS
from .services import save_account_by_admin

# Roles are groups named by their code; they are given with `panal create-user`, and people read their labels.
if admin.site.is_registered(Group):
    admin.site.unregister(Group)


class RoleFilter(admin.SimpleListFilter):
    title = "rol"
    parameter_name = "rol"

    def lookups(self, request, model_admin):
        return list(ROLE_LABELS.items())

    def queryset(self, request, queryset):
        return queryset.filter(groups__name=self.value()) if self.value() else queryset


admin.site.site_header = "Administración de Panal"
admin.site.site_title = "Panal"
admin.site.index_title = "Administración"


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Accounts: every change (roles, activation, staff flag) through core.services.save_account_by_admin, audited."""

    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "roles", "is_staff", "is_active"]
    list_filter = [RoleFilter, "is_staff", "is_active"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Datos personales", {"fields": ("first_name", "last_name")}),
        ("Roles y permisos", {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        ("Fechas", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)

    @admin.display(description="roles")
    def roles(self, obj):
        return ", ".join(ROLE_LABELS.get(g.name, g.name) for g in obj.groups.all())

    def save_model(self, request, obj, form, change):

        save_account_by_admin(actor=request.user, user=obj, changed=form.changed_data)

    def save_related(self, request, form, formsets, change):

        super().save_related(request, form, formsets, change)  # groups (roles): recorded right after
        if "groups" in form.changed_data:
            roles = sorted(form.instance.groups.values_list("name", flat=True))
            audit.record(
                actor=request.user, action="core.account.roles_changed", obj=form.instance, after={"roles": roles}
            )

    def has_delete_permission(self, request, obj=None):
        return False  # accounts are deactivated (is_active), never deleted: their history points at them

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name == "groups":
            field.label = "roles"
            field.label_from_instance = lambda group: ROLE_LABELS.get(group.name, group.name)
        return field


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    """Read-only: the audit log is appended by services, never edited by hand."""

    list_display = ["created_at", "actor_label", "what", "kind", "object_id", "object_repr"]
    search_fields = ["object_id", "object_repr", "actor_label", "reason"]
    date_hierarchy = "created_at"
    fields = ["created_at", "actor_label", "what", "kind", "object_id", "object_repr", "reason", "antes", "despues"]
    readonly_fields = fields

    @admin.display(description="acción")
    def what(self, obj):
        return obj.action_label

    @admin.display(description="tipo de registro")
    def kind(self, obj):
        try:
            return apps.get_model(obj.object_type)._meta.verbose_name
        except (LookupError, ValueError):
            return "otro"

    @admin.display(description="antes")
    def antes(self, obj):
        return _as_code(obj.before)

    @admin.display(description="después")
    def despues(self, obj):
        return _as_code(obj.after)


def _as_code(value):
    """The stored values as they are: technical data, shown as code."""
    if value in (None, {}, []):
        return "—"
    return format_html("<pre>{}</pre>", json.dumps(value, ensure_ascii=False, indent=2, default=str))
