"""`panal outcomes-send-surveys`: queue the follow-up invitations that are due and the reminders (run it daily)."""

from django.core.management.base import BaseCommand

from panal.outcomes.notifications import send_due_surveys


class Command(BaseCommand):
    help = "Envía las encuestas de seguimiento que correspondan hoy y los recordatorios (ejecútelo una vez al día)."

    def handle(self, *args, **options):
        sent = send_due_surveys()
        self.stdout.write(f"{sent['invitations']} invitaciones y {sent['reminders']} recordatorios en cola.")
