"""Shared body of `panal import-people`, `import-enterprises` and `import-cooperatives`."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from panal.core.spreadsheets import write_csv
from panal.registry.imports import run_import

SHOWN_ISSUES = 50


class ImportCommand(BaseCommand):
    kind = ""
    help = ""

    def add_arguments(self, parser):
        parser.add_argument("file", help="archivo CSV (; o ,; UTF-8 o Latin-1) o XLSX; formato en docs/imports.md")
        parser.add_argument("--dry-run", action="store_true", help="solo valida y muestra el informe; no escribe")
        parser.add_argument("--report", metavar="ARCHIVO.csv", help="escribe el informe completo (fila, columna ...)")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No existe el archivo {path}.")
        result = run_import(kind=self.kind, data=path.read_bytes(), filename=path.name, dry_run=options["dry_run"])
        if options["report"]:
            with open(options["report"], "w", newline="", encoding="utf-8") as handle:
                rows = ([issue.row or "", issue.column, issue.value, issue.message] for issue in result.issues)
                # The refused value may be a RUT, a name or an e-mail: the column is marked as personal data.
                write_csv(handle, ["fila", "columna", "valor", "motivo"], rows, personal={"valor"})
        for issue in result.issues[:SHOWN_ISSUES]:
            where = f"fila {issue.row}" if issue.row else "archivo"
            column = f", columna {issue.column}" if issue.column else ""
            value = f" «{issue.value}»" if issue.value else ""
            self.stdout.write(f"{where}{column}{value}: {issue.message}")
        if len(result.issues) > SHOWN_ISSUES:
            rest = len(result.issues) - SHOWN_ISSUES
            self.stdout.write(f"… y {rest} observaciones más (use --report para verlas todas).")
        if result.file_error:
            raise CommandError(result.summary())
        self.stdout.write(result.summary())
