from datetime import date

from django.core.management.base import BaseCommand, CommandError

from panal.catalog import selectors as catalog
from panal.core.spreadsheets import write_csv
from panal.eligibility import selectors, services


class Command(BaseCommand):
    help = (
        "Cuenta (y exporta) las personas y empresas del registro elegibles para una convocatoria, "
        "con la consulta compilada de sus criterios."
    )

    def add_arguments(self, parser):
        parser.add_argument("call_code", help="Código de la convocatoria, p. ej. sercotec-crece")
        parser.add_argument("--csv", dest="csv_path", help="Exporta la lista a este archivo CSV")
        parser.add_argument(
            "--as-of",
            dest="as_of",
            help="Fecha AAAA-MM-DD a la que el registro describe a cada uno (hoy); edades: a la apertura",
        )
        parser.add_argument(
            "--no-refresh", action="store_true", help="No reconstruye la tabla de focalización desde el registro"
        )

    def handle(self, *args, call_code, csv_path=None, as_of=None, no_refresh=False, **options):
        call = catalog.get_call(call_code)
        if call is None:
            known = ", ".join(c.code for c in catalog.calls())
            raise CommandError(f"La convocatoria «{call_code}» no existe; use una de: {known}.")
        try:
            day = date.fromisoformat(as_of) if as_of else None
        except ValueError:
            raise CommandError(f"La fecha «{as_of}» no tiene el formato AAAA-MM-DD.") from None
        if not no_refresh:
            try:
                services.refresh_targets(as_of=day)
            except ImportError:
                raise CommandError("El registro de personas y empresas aún no está disponible.") from None
        count = selectors.count_eligible(call)
        self.stdout.write(f"{call.code}: {count} elegibles")
        if csv_path:
            fields = ["source_kind", "object_id", "applicant_kind", "commune"]
            with open(csv_path, "w", newline="", encoding="utf-8") as handle:
                headers = ["tipo_registro", "id_registro", "tipo_postulante", "comuna"]
                rows = selectors.eligible_targets(call).values_list(*fields).iterator()
                # A registry id points at a person: pseudonymous, still personal data (marked in the header).
                write_csv(handle, headers, rows, delimiter=",", personal={"id_registro"})
            self.stdout.write(f"Exportado a {csv_path}.")
