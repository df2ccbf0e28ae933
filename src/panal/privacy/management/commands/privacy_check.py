from django.core.management.base import BaseCommand, CommandError

from panal.privacy import records


class Command(BaseCommand):
    help = "Falla si un modelo con datos personales no está en ninguna actividad del registro de tratamiento."

    def handle(self, *args, **options):
        missing = records.uncovered_models()
        if missing:
            raise CommandError(
                "Modelos con datos personales fuera del registro de tratamiento (agréguelos a "
                "panal/privacy/records.py): " + ", ".join(missing)
            )
        count = len(records.personal_models())
        self.stdout.write(f"privacy-check: {count} modelos con datos personales, todos en el registro de tratamiento.")
