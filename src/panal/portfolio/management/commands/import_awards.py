"""`panal import-awards FILE [--dry-run]`: historical awards (CSV or XLSX), validated first, all-or-nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from panal.portfolio.imports import COLUMNS, import_awards


class Command(BaseCommand):
    help = "Importa adjudicaciones históricas desde CSV o XLSX. Columnas: " + "; ".join(
        f"{name} ({what})" for name, what in COLUMNS.items()
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="archivo CSV (; o ,) o XLSX con una fila de encabezados")
        parser.add_argument("--dry-run", action="store_true", help="solo valida y muestra el informe; no escribe")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No existe el archivo {path}.")
        if path.suffix.lower() not in (".csv", ".xlsx", ".txt"):
            raise CommandError("El archivo debe ser CSV o XLSX.")
        try:
            report = import_awards(path, dry_run=options["dry_run"])
        except (UnicodeDecodeError, ValueError, KeyError) as exc:
            raise CommandError(f"No se pudo leer el archivo: {exc}") from exc
        for error in report.errors:
            value = f" «{error['value']}»" if error["value"] else ""
            self.stdout.write(f"fila {error['row']}, columna {error['column']}{value}: {error['reason']}")
        if report.errors:
            raise CommandError(report.summary())
        self.stdout.write(report.summary())
