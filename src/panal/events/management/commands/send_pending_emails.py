from django.core.management.base import BaseCommand

from panal.events.notifications import send_all_pending


class Command(BaseCommand):
    help = "Envía los correos pendientes de la Semana (confirmaciones, lista de espera, cupos liberados)."

    def handle(self, *args, **options):
        self.stdout.write(f"Correos procesados: {send_all_pending()}.")
