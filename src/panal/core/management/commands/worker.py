import os

from django.core.management import call_command
from django.core.management.base import BaseCommand

from panal.core.jobs import sync_schedules


class Command(BaseCommand):
    help = (
        "Corre los trabajos en segundo plano (correos, recordatorios, UF diaria): escribe los trabajos programados "
        "y atiende la cola. Se pueden correr varios, en una o varias máquinas, sobre la misma base de datos."
    )

    def add_arguments(self, parser):
        parser.add_argument("--nice", type=int, default=10, help="prioridad más baja que la web (0 para igual)")

    def handle(self, *args, **options):
        if options["nice"]:
            os.nice(options["nice"])  # a registration rush keeps the CPU; e-mails wait a few seconds
        count = sync_schedules()
        self.stdout.write(f"{count} trabajos programados al día.")
        self.stdout.flush()
        call_command("qcluster")
