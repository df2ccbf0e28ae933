"""The dead-letter view of the background jobs, in Spanish: jobs that failed on every attempt, their error, and
an action to queue them again once the cause is fixed. django-q2's own (English) admin pages are removed."""

from django.contrib import admin, messages
from django_q.models import Failure, OrmQ, Schedule, Success

from . import jobs
from .admin_base import ReadOnlyAdmin
from .models import DeadLetter

for model in (Failure, OrmQ, Schedule, Success):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


@admin.action(description="Volver a encolar (un intento nuevo)")
def requeue(modeladmin, request, queryset):
    count = 0
    for task in queryset:
        name, args, kwargs, _attempt = task.args
        jobs.resolve(name).enqueue(*args, **kwargs)
        task.delete()
        count += 1
    messages.success(request, f"{count} trabajos vueltos a encolar.")


@admin.register(DeadLetter)
class DeadLetterAdmin(ReadOnlyAdmin):  # the re-queue action is the only write
    list_display = ("trabajo", "intentos", "fallo", "error")
    fields = ("trabajo", "argumentos", "intentos", "inicio", "fallo", "error")
    readonly_fields = fields
    actions = [requeue]
    ordering = ("-stopped",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # a failed job leaves only by being queued again (the action), never discarded unseen

    @admin.display(description="trabajo")
    def trabajo(self, obj):
        return obj.args[0] if obj.args else obj.func

    @admin.display(description="argumentos")
    def argumentos(self, obj):
        return repr(obj.args[1:3]) if obj.args else ""

    @admin.display(description="intentos")
    def intentos(self, obj):
        return obj.args[3] if obj.args and len(obj.args) > 3 else obj.attempt_count

    @admin.display(description="comenzó")
    def inicio(self, obj):
        return obj.started

    @admin.display(description="falló")
    def fallo(self, obj):
        return obj.stopped

    @admin.display(description="error")
    def error(self, obj):
        return str(obj.result or "")[:500]
