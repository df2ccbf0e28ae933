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
        parser.add_argument(
            "--nice",
            type=int,
            default=10,
            help="prioridad más baja que la web (0 para igual; en Linux además SCHED_IDLE)",
        )

    def handle(self, *args, **options):
        if options["nice"]:
            os.nice(options["nice"])  # a registration rush keeps the CPU; e-mails wait a few seconds
            if hasattr(os, "SCHED_IDLE"):  # Linux: run only on a core nobody else wants (the web never waits for it)
                os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
        count = sync_schedules()
        self.stdout.write(f"{count} trabajos programados al día.")
        self.stdout.flush()
        call_command("qcluster")
