from django.apps import AppConfig
from django.db.backends.signals import connection_created


def _register_sqlite_functions(sender, connection, **kwargs):
    """The audit log's SQLite trigger asks `panal_audit_maintenance()` (see migration 0004)."""
    if connection.vendor == "sqlite":
        from . import audit  # noqa: PLC0415 (apps are not loaded yet when this module is imported)

        connection.connection.create_function("panal_audit_maintenance", 0, audit.maintenance_flag, deterministic=False)


class CoreConfig(AppConfig):
    name = "panal.core"
    label = "core"
    verbose_name = "Núcleo"

    def ready(self):
        connection_created.connect(_register_sqlite_functions, dispatch_uid="panal-sqlite-functions")
