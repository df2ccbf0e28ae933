from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Deja Panal listo para servir: migra, carga referencia y demostración, archivos estáticos, administrador."

    def add_arguments(self, parser):
        parser.add_argument("--no-demo", action="store_true", help="No cargar el contenido de demostración.")

    def handle(self, *args, **options):
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Base de datos al día.")
        call_command("load_reference", stdout=self.stdout)
        if not options["no_demo"]:
            call_command("load_demo", stdout=self.stdout)
        call_command("collectstatic", interactive=False, verbosity=0)
        call_command("ensure_admin", stdout=self.stdout)
