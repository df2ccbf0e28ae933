"""`panal import-call-results ARCHIVO --instrument CÓDIGO --year AAAA [--region 06] [--cutoff PUNTAJE] [--dry-run]`."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from panal.outcomes.imports import import_call_results

from .import_firm_panel import print_report


class Command(BaseCommand):
    help = (
        "Importa las decisiones de una convocatoria anterior a Panal (CSV o XLSX) con columnas "
        "rut;razon_social;puntaje;resultado;monto_clp (resultado: adjudicado, no_adjudicado o no_admisible). "
        "Crea o reutiliza la convocatoria histórica y registra sus decisiones (inmutables). Todo o nada."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="archivo CSV (; o ,) o XLSX; formato en docs/outcomes.md")
        parser.add_argument("--instrument", required=True, help="código del instrumento en el catálogo")
        parser.add_argument("--year", required=True, type=int, help="año de la convocatoria")
        parser.add_argument("--region", default="06", help="código de la región (por omisión 06)")
        parser.add_argument("--cutoff", help="puntaje de corte (por omisión, el menor puntaje adjudicado)")
        parser.add_argument("--dry-run", action="store_true", help="solo valida y muestra el informe; no escribe")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No existe el archivo {path}.")
        report = import_call_results(
            data=path.read_bytes(),
            filename=path.name,
            instrument=options["instrument"],
            year=options["year"],
            region=options["region"],
            cutoff=options["cutoff"],
            dry_run=options["dry_run"],
        )
        print_report(self, report)
