from django.core.management.base import BaseCommand

from panal.applications.notifications import send_evaluation_reminders


class Command(BaseCommand):
    help = "Recuerda por correo las evaluaciones que vencen en dos días hábiles (correr una vez al día)."

    def handle(self, *args, **options):
        self.stdout.write(f"{send_evaluation_reminders()} recordatorios enviados.")
