import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from pydantic import ValidationError

from panal.api import _spanish
from panal.eligibility import profiles
from panal.eligibility.schemas import ProfileIn


class Command(BaseCommand):
    help = "Evalúa un perfil (archivo JSON, como en POST /api/v1/eligibility) e imprime el mismo JSON que la API."

    def add_arguments(self, parser):
        parser.add_argument("--profile", required=True, help="Archivo JSON con el perfil («-» para leer la entrada)")
        parser.add_argument("--instrument", help="Solo las convocatorias de este instrumento (código)")

    def handle(self, *args, profile, instrument=None, **options):
        try:
            text = self.stdin.read() if profile == "-" else Path(profile).read_text(encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"No se pudo leer el archivo «{profile}»: {exc.strerror}.") from None
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise CommandError(f"El archivo «{profile}» no es JSON válido (línea {exc.lineno}).") from None
        try:
            payload = ProfileIn.model_validate(data)
        except ValidationError as exc:
            errors = [_spanish(e) for e in exc.errors()]
            raise CommandError(" ".join(e["message"] for e in errors)) from None
        if instrument and not profiles.instrument_exists(instrument):
            raise CommandError(f"El instrumento «{instrument}» no existe.")
        answer = profiles.evaluate_profile(payload.profile(), instrument_code=instrument)
        self.stdout.write(json.dumps(profiles.to_json(answer), ensure_ascii=False, indent=2))
