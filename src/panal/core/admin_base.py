"""The two shapes a ModelAdmin may take (issue 10: "the admin writes around the services"):

- ReadOnlyAdmin: list and view only; the model changes through its app's pages and services.
- ServiceAdmin: add/change/delete call the owning app's service (rules, locks, audit), never `obj.save()`.
  Subclasses implement `save_through_service` (and `delete_through_service` to allow deleting); a service's
  DomainError is shown as an error message and nothing is saved.

tests/security/test_admin_writes.py checks that every registered admin is one of the two."""

from django.contrib import admin, messages

from .errors import DomainError


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ServiceAdmin(admin.ModelAdmin):
    def save_through_service(self, request, obj, form, change):
        raise NotImplementedError

    def delete_through_service(self, request, obj):
        raise NotImplementedError

    def has_delete_permission(self, request, obj=None):
        return type(
            self
        ).delete_through_service is not ServiceAdmin.delete_through_service and super().has_delete_permission(
            request, obj
        )

    def save_model(self, request, obj, form, change):
        try:
            self.save_through_service(request, obj, form, change)
        except DomainError as exc:  # refused after the form was valid (a race): nothing saved, say why
            messages.error(request, exc.message)

    def delete_model(self, request, obj):
        self.delete_through_service(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_through_service(request, obj)

    def save_inline_through_service(self, request, obj):
        raise NotImplementedError("ServiceAdmin: inlines need save_inline_through_service")

    def delete_inline_through_service(self, request, obj):
        raise NotImplementedError("ServiceAdmin: inlines need delete_inline_through_service")

    def save_related(self, request, form, formsets, change):
        """Inline rows go through the service one by one, like the main object (never `formset.save()`)."""
        for formset in formsets:
            for obj in formset.save(commit=False):
                self.save_inline_through_service(request, obj)
            for obj in formset.deleted_objects:
                self.delete_inline_through_service(request, obj)
