"""`panal outcomes-effects --instrument … --year … --indicator … --method did|rd`: one estimate as JSON."""

import json

from django.core.management.base import BaseCommand, CommandError

from panal.outcomes import results, selectors
from panal.outcomes.indicators import INDICATORS


class Command(BaseCommand):
    help = "Imprime el efecto estimado de una convocatoria sobre un indicador, como un objeto JSON."

    def add_arguments(self, parser):
        parser.add_argument("--instrument", required=True, help="código del instrumento")
        parser.add_argument("--year", required=True, type=int, help="año de la convocatoria")
        parser.add_argument("--region", default="06", help="código de la región (06)")
        parser.add_argument("--indicator", required=True, choices=sorted(INDICATORS))
        parser.add_argument("--method", required=True, choices=["did", "rd"])

    def handle(self, *args, **options):
        call = selectors.call_for(instrument=options["instrument"], year=options["year"], region=options["region"])
        if call is None:
            raise CommandError(
                f"No hay una convocatoria de «{options['instrument']}» del año {options['year']} "
                f"en la región {options['region']}."
            )
        result = results.effect(call, options["indicator"], options["method"])
        self.stdout.write(json.dumps(result, ensure_ascii=False))
