from django.core.management.base import BaseCommand

from panal.applications.services import close_expired_corrections


class Command(BaseCommand):
    help = "Devuelve a revisión las postulaciones cuyo plazo para subsanar venció (correr una vez al día)."

    def handle(self, *args, **options):
        closed = close_expired_corrections()
        self.stdout.write(f"{closed} postulaciones volvieron a revisión de admisibilidad.")
