"""`panal import-firm-panel ARCHIVO [--source NOMBRE] [--dry-run]`: yearly figures per RUT, all-or-nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from panal.outcomes.imports import import_firm_panel

SHOWN = 50


def print_report(command, report) -> None:
    for issue in report.issues[:SHOWN]:
        where = f"fila {issue.row}" if issue.row else "archivo"
        column = f", columna {issue.column}" if issue.column else ""
        value = f" «{issue.value}»" if issue.value else ""
        command.stdout.write(f"{where}{column}{value}: {issue.message}")
    if len(report.issues) > SHOWN:
        command.stdout.write(f"… y {len(report.issues) - SHOWN} observaciones más.")
    if not report.ok:
        raise CommandError(report.summary())
    command.stdout.write(report.summary())


class Command(BaseCommand):
    help = (
        "Importa un panel de empresas (CSV o XLSX) con columnas rut;anio;ventas_uf;compras_uf;trabajadores;"
        "remuneraciones_clp (vacío = desconocido). Valida todo; escribe todo o nada; es idempotente."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="archivo CSV (; o ,) o XLSX; formato en docs/outcomes.md")
        parser.add_argument("--source", default="sii", help="nombre de la fuente (por omisión: sii)")
        parser.add_argument("--dry-run", action="store_true", help="solo valida y muestra el informe; no escribe")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No existe el archivo {path}.")
        report = import_firm_panel(
            data=path.read_bytes(), filename=path.name, source=options["source"], dry_run=options["dry_run"]
        )
        print_report(self, report)
