"""The database cache table the rate limits count in (settings.CACHES["ratelimit"]): created by `migrate`, so every
way Panal starts (make run, panal setup, the benchmarks, the test database) has it without `createcachetable`."""

from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_roles")]

    operations = [migrations.RunPython(create_cache_tables, migrations.RunPython.noop)]
