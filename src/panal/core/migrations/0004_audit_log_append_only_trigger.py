"""The audit log is append-only in the database itself: a trigger refuses UPDATE and DELETE of its rows, so
`QuerySet.update()`, `.delete()` or raw SQL through Panal's connection cannot rewrite history.

PostgreSQL: a row trigger (TRUNCATE, used by the test suite's flush, needs the table owner; production's role
should not own it). SQLite: a trigger whose WHEN calls `panal_audit_maintenance()`, a function Panal registers on
its connections (core.apps) that answers 0 except while the test suite flushes the database; any other client
(e.g. the sqlite3 shell) has no such function, so the trigger refuses there too. A future migration that rebuilds
the table on SQLite drops its triggers: tests/security/test_audit_append_only.py catches that."""

from django.db import migrations

MESSAGE = "El registro de auditoría es de solo agregar: no se modifica ni se borra."

POSTGRES = f"""
CREATE OR REPLACE FUNCTION core_auditentry_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '{MESSAGE}';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS core_auditentry_append_only ON core_auditentry;
CREATE TRIGGER core_auditentry_append_only BEFORE UPDATE OR DELETE ON core_auditentry
    FOR EACH ROW EXECUTE FUNCTION core_auditentry_append_only();
"""
POSTGRES_REVERSE = """
DROP TRIGGER IF EXISTS core_auditentry_append_only ON core_auditentry;
DROP FUNCTION IF EXISTS core_auditentry_append_only();
"""
SQLITE = [
    f"""CREATE TRIGGER IF NOT EXISTS core_auditentry_no_update BEFORE UPDATE ON core_auditentry
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;""",
    f"""CREATE TRIGGER IF NOT EXISTS core_auditentry_no_delete BEFORE DELETE ON core_auditentry
        WHEN NOT panal_audit_maintenance()
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS core_auditentry_no_update;",
    "DROP TRIGGER IF EXISTS core_auditentry_no_delete;",
]


def forwards(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES)
    elif connection.vendor == "sqlite":
        for statement in SQLITE:
            schema_editor.execute(statement)


def backwards(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_REVERSE)
    elif connection.vendor == "sqlite":
        for statement in SQLITE_REVERSE:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("core", "0003_ratelimit_cache_table")]

    operations = [migrations.RunPython(forwards, backwards)]
