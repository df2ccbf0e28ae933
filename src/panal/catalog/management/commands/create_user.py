from django.core.management.base import BaseCommand, CommandError

from panal.catalog.services import create_user
from panal.core import roles
from panal.core.errors import DomainError


class Command(BaseCommand):
    help = "Crea una cuenta con un rol: " + ", ".join(f"{k} ({v})" for k, v in roles.ROLE_LABELS.items())

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True)
        parser.add_argument("--role", required=True, choices=roles.ROLES)
        parser.add_argument("--agency", help="Código de la institución (obligatorio para agency_staff).")
        parser.add_argument("--password", help="Si se omite, se genera una y se muestra una sola vez.")

    def handle(self, *args, **options):
        try:
            user, generated = create_user(
                email=options["email"],
                role=options["role"],
                agency_code=options["agency"],
                password=options["password"],
            )
        except DomainError as exc:
            raise CommandError(exc.message) from None
        self.stdout.write(f"Cuenta creada: {user.email} ({roles.ROLE_LABELS[options['role']]}).")
        if generated:
            self.stdout.write(f"Contraseña generada (guárdela, no se volverá a mostrar): {generated}")
