from django.core.management.base import BaseCommand
from django.utils import timezone

from panal.privacy.retention import purge_expired


class Command(BaseCommand):
    help = "Anonimiza o borra los datos cuyo plazo de conservación venció (--dry-run: solo cuenta)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Cuenta lo que haría sin cambiar nada.")

    def handle(self, *args, dry_run=False, **options):
        results = purge_expired(now=timezone.now(), dry_run=dry_run)
        verb = "se anonimizarían o borrarían" if dry_run else "anonimizados o borrados"
        for label, count in results:
            self.stdout.write(f"{label}: {count} {verb}")
        self.stdout.write(f"purge-expired: {sum(c for _, c in results)} filas{' (simulación)' if dry_run else ''}.")
