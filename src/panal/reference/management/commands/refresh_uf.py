import urllib.error
import urllib.request
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from panal.core.errors import DomainError
from panal.reference import services

DEFAULT_URL = "https://mindicador.cl/api/uf"


class Command(BaseCommand):
    help = (
        "Actualiza los valores diarios de la UF desde un JSON con la forma de mindicador.cl "
        "(una dirección web o --from-file). Si algo falla, no se modifica nada."
    )

    def add_arguments(self, parser):
        source = parser.add_mutually_exclusive_group()
        source.add_argument("--url", default=DEFAULT_URL, help=f"Dirección del JSON (por omisión {DEFAULT_URL}).")
        source.add_argument("--from-file", dest="from_file", help="Archivo JSON local con la forma de mindicador.cl.")
        parser.add_argument("--timeout", type=float, default=15.0, help="Segundos de espera de la red.")

    def handle(self, *args, **options):
        if options["from_file"]:
            path = Path(options["from_file"])
            try:
                payload = path.read_bytes()
            except OSError as exc:
                raise CommandError(f"No se pudo leer el archivo {path}: {exc.strerror}. No se modificó nada.") from None
            origin = str(path)
        else:
            url = options["url"]
            if not url.startswith(("https://", "http://")):
                raise CommandError(f"La dirección «{url}» debe comenzar con https:// o http://. No se modificó nada.")
            try:
                with urllib.request.urlopen(url, timeout=options["timeout"]) as response:  # noqa: S310 (scheme checked)
                    payload = response.read()
            except (urllib.error.URLError, TimeoutError, OSError) as exc:
                reason = getattr(exc, "reason", exc)
                raise CommandError(
                    f"No se pudo conectar con {url} ({reason}): parece que no hay conexión. "
                    "No se modificó nada. Puede usar --from-file con un JSON descargado."
                ) from None
            origin = url
        try:
            values = services.parse_mindicador_uf(payload)
            counts = services.upsert_uf_values(values=values)
        except DomainError as exc:
            raise CommandError(f"{exc.message} No se modificó nada.") from None
        first, last = min(values), max(values)
        self.stdout.write(
            f"UF desde {origin}: {len(values)} días entre {first:%d-%m-%Y} y {last:%d-%m-%Y}; "
            f"{counts['created']} nuevos, {counts['updated']} corregidos, {counts['unchanged']} sin cambios."
        )
