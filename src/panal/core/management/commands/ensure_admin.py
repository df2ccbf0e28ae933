from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from panal.core import roles
from panal.core.services import create_account

ADMIN_EMAIL = "admin@panal.local"


class Command(BaseCommand):
    help = "Crea la cuenta de administración la primera vez y dice cómo ingresar."

    def handle(self, *args, **options):
        password_file = settings.VAR_DIR / "admin-password.txt"
        User = get_user_model()
        if not User.objects.filter(is_superuser=True).exists():
            _, password = create_account(email=ADMIN_EMAIL, role=roles.ADMINISTRATOR)
            password_file.write_text(password + "\n")
            password_file.chmod(0o600)
            self.stdout.write(f"Cuenta de administración creada: {ADMIN_EMAIL}")
        base = settings.PANAL_BASE_URL
        self.stdout.write(f"Panal: {base}/   Administración: {base}/admin/")
        if password_file.exists():
            self.stdout.write(f"Ingrese con {ADMIN_EMAIL} y la contraseña guardada en {password_file}")
        else:
            self.stdout.write("Ingrese con la cuenta de administración que ya existía.")
