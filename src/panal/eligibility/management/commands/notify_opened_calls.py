from django.core.management.base import BaseCommand

from panal.eligibility.alerts import queue_open_calls


class Command(BaseCommand):
    help = "Avísame: envía a cada suscriptor un correo por cada convocatoria abierta que le sirva (una sola vez)."

    def handle(self, *args, **options):
        count = queue_open_calls()
        self.stdout.write(f"Avisos revisados para {count} convocatorias abiertas.")
