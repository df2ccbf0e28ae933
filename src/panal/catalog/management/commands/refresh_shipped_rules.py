from django.core.management.base import BaseCommand

from panal.catalog.loaders import refresh_shipped_rules


class Command(BaseCommand):
    help = (
        "Reescribe los criterios y datos de reglas de los instrumentos y convocatorias incluidos, desde sus "
        "archivos (para una base cargada antes de corregir las reglas). Pisa lo que el equipo haya editado en ellos."
    )

    def handle(self, *args, **options):
        self.stdout.write(refresh_shipped_rules())
