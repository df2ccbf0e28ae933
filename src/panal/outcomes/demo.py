"""Demo content: a labelled synthetic panel so `/resultados/` shows something on a fresh `make run`.

A fictitious closed call (its title says DEMOSTRACIÓN) with 400 made-up applicants and six years of made-up
figures. Every row is flagged `is_demo` and is read only with the demo snapshot, so it never mixes with imported
or real data. Created once; never overwritten."""

from datetime import datetime
from decimal import Decimal

import numpy as np
from django.db import transaction
from stdnum.cl import rut as stdnum_rut

from panal.catalog import services as catalog_services
from panal.catalog.selectors import get_call

from .indicators import DIGITAL_ITEMS, MANAGEMENT_ITEMS
from .models import DecisionSnapshot, Observation
from .services import write_snapshot

DEMO_CALL_CODE = "capital-semilla-emprende-06-2022-demo"
FIRMS, CALL_YEAR, YEARS, CUTOFF = 400, 2022, range(2019, 2025), Decimal("5.000")
FIRST_BODY = 99_000_000  # a block of made-up RUTs; the rows are flagged is_demo either way


def _rows(rng):
    score = rng.uniform(3.0, 7.0, FIRMS).round(3)
    above = score >= float(CUTOFF)
    funded = np.where(above, rng.uniform(size=FIRMS) < 0.85, rng.uniform(size=FIRMS) < 0.1)
    base = rng.lognormal(7.5, 0.6, FIRMS)
    for i in range(FIRMS):
        body = FIRST_BODY + i
        rut = f"{body}-{stdnum_rut.calc_check_digit(str(body))}"
        yield i, rut, float(score[i]), bool(funded[i]), float(base[i])


@transaction.atomic
def load_demo() -> str:

    call = get_call(DEMO_CALL_CODE)
    if call is not None and DecisionSnapshot.objects.filter(call=call).exists():
        return "panel de demostración de resultados ya estaba."
    if call is None:
        call = catalog_services.create_call(
            code=DEMO_CALL_CODE,
            instrument_code="capital-semilla-emprende",
            title="Capital Semilla Emprende 2022 — DEMOSTRACIÓN (datos ficticios), Región de O'Higgins",
            year=CALL_YEAR,
            region_code="06",
            opens_at=datetime(CALL_YEAR, 3, 1, 9, 0),
            closes_at=datetime(CALL_YEAR, 3, 31, 15, 0),
            funding_source="sercotec",
            how_to_apply="Convocatoria de EJEMPLO para mostrar la página de resultados: no existió.",
        )
    rng = np.random.default_rng(2022)
    snapshot_rows, observations = [], []
    for i, rut, score, funded, base in _rows(rng):
        snapshot_rows.append(
            {"rut": rut, "score": Decimal(str(score)), "admissible": True, "funded": funded,
             "amount_clp": 3_500_000 if funded else None}
        )  # fmt: skip
        workers = 1 + i % 5
        for year in YEARS:
            post = year > CALL_YEAR
            lift = 1.12 if funded and post else 1.0
            sales = base * (1 + 0.03 * (year - YEARS[0])) * lift * rng.lognormal(0, 0.08)
            values = {
                "ventas_uf": sales,
                "compras_uf": sales * 0.55,
                "trabajadores": workers + (1 if funded and post and i % 3 == 0 else 0),
                "remuneraciones_clp": workers * 12 * 650_000 * (1.04 ** (year - YEARS[0])),
                "sobrevivencia": 1 if not (post and rng.uniform() < (0.05 if funded else 0.09)) else 0,
            }
            adopt = 0.35 + (0.2 if funded and post else 0) + 0.03 * (year - YEARS[0])
            values |= {k: int(rng.uniform() < adopt) for k in DIGITAL_ITEMS}
            values |= {k: int(rng.uniform() < adopt + 0.1) for k in MANAGEMENT_ITEMS}
            observations += [
                Observation(rut=rut, year=year, item=k, source="demo", value=Decimal(str(round(v, 2))), is_demo=True)
                for k, v in values.items()
            ]
    Observation.objects.bulk_create(observations, batch_size=5000, ignore_conflicts=True)
    write_snapshot(call=call, rows=snapshot_rows, cutoff=CUTOFF, origin="demo", is_demo=True)
    return f"panel de demostración de resultados creado ({FIRMS} postulantes ficticios, «{DEMO_CALL_CODE}»)."
