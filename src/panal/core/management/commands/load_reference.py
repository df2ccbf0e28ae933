from django.core.management.base import BaseCommand

from panal.core.hooks import app_hooks


class Command(BaseCommand):
    help = "Carga o actualiza los datos de referencia (territorio, UF, actividades SII, instituciones). Idempotente."

    def handle(self, *args, **options):
        for label, load in app_hooks("loaders", "load_reference"):
            self.stdout.write(f"[{label}] {load()}")
