"""Demo content: one clearly labelled, fictitious open call, so `make run` has something to apply to.

The shipped 2024 calls are real and closed; this one copies Capital Abeja Emprende's rules under a code and
title that say it is a demonstration. It stays open until mid-2027; it is created once and never overwritten."""

from datetime import datetime

from django.db import transaction

from . import services
from .models import Call

DEMO_CALL_CODE = "capital-abeja-emprende-demo"


@transaction.atomic
def load_demo() -> str:
    if Call.objects.filter(code=DEMO_CALL_CODE).exists():
        return f"convocatoria de demostración «{DEMO_CALL_CODE}» ya estaba."
    services.create_call(
        code=DEMO_CALL_CODE,
        instrument_code="capital-abeja-emprende",
        title="Capital Abeja Emprende — convocatoria de DEMOSTRACIÓN (ficticia), Región de O'Higgins",
        year=2026,
        region_code="06",
        opens_at=datetime(2026, 11, 1, 9, 0),
        closes_at=datetime(2027, 6, 30, 15, 0),
        funding_source="sernameg",
        budget_clp=35_000_000,
        places=10,
        subsidy_min_clp=3_500_000,
        subsidy_max_clp=3_500_000,
        how_to_apply=(
            "Esta convocatoria es un EJEMPLO para probar Panal: no entrega recursos reales. Cree una cuenta, "
            "complete «Mis datos» y postule en línea; verá el folio, el comprobante y el estado."
        ),
    )
    return f"convocatoria de demostración «{DEMO_CALL_CODE}» creada (abierta hasta el 30-06-2027 a las 15:00)."
