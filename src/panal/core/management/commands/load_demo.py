from django.core.management.base import BaseCommand

from panal.core.hooks import app_hooks


class Command(BaseCommand):
    help = "Carga el contenido de demostración (datos ficticios, marcados como tales). Idempotente."

    def handle(self, *args, **options):
        for label, load in app_hooks("demo", "load_demo"):
            self.stdout.write(f"[{label}] {load()}")
