"""`panal schedule-rueda INSTANCE.json [--time-limit S] [--out AGENDA.json]`: the rueda scheduler on a JSON
instance (docs/ruedas.md). A bad instance is refused with a Spanish message naming the item, exit code 2."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from panal.networks.scheduler import DEFAULT_ENGINE, ENGINES, InvalidInstance, parse_instance, schedule


class Command(BaseCommand):
    help = "Arma la agenda óptima de una rueda de negocios desde un archivo JSON (ver docs/ruedas.md)."

    def add_arguments(self, parser):
        parser.add_argument("instance", help="archivo JSON de la instancia, o - para leerla de la entrada estándar")
        parser.add_argument("--time-limit", type=float, default=30.0, help="segundos como máximo (por omisión 30)")
        parser.add_argument("--out", help="archivo JSON donde escribir la agenda (por omisión, la salida estándar)")
        parser.add_argument("--engine", choices=ENGINES, default=DEFAULT_ENGINE, help=f"por omisión {DEFAULT_ENGINE}")

    def refuse(self, message: str):
        """Exit code 2 with the plain Spanish message on stderr (no traceback, no English prefix)."""
        self.stderr.write(message)
        raise SystemExit(2)

    def handle(self, *args, **options):
        source = options["instance"]
        try:
            text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            self.refuse(f"No se pudo leer el archivo {source}: {exc.__class__.__name__}.")
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            self.refuse(f"{source} no es JSON válido (línea {exc.lineno}, columna {exc.colno}).")
        if not 0 < options["time_limit"] <= 3600:
            self.refuse("--time-limit debe estar entre 0 y 3600 segundos.")
        try:
            instance = parse_instance(data)
        except InvalidInstance as exc:
            self.refuse(str(exc))
        result = schedule(instance, time_limit=options["time_limit"], engine=options["engine"])
        output = json.dumps(result.as_json(), ensure_ascii=False, indent=2)
        if options["out"]:
            Path(options["out"]).write_text(output + "\n", encoding="utf-8")
            self.stderr.write(
                f"{len(result.meetings)} reuniones agendadas, {len(result.unscheduled)} sin agendar; "
                f"prioridad {result.objective:g} de a lo más {result.upper_bound:g} "
                f"(brecha {result.gap_pct:.2f} %, voraz {result.greedy_objective:g}); agenda en {options['out']}"
            )
        else:
            self.stdout.write(output)
