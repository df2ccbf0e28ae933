"""Outcomes benchmark: 100,000 firms × 6 years through the two imports, then the two estimates and the results page.

Runs in a temporary PANAL_VAR_DIR (its own SQLite file) unless DATABASE_URL points at PostgreSQL, where it uses a
temporary database of its own (bench/_pgtemp.py). The registry records are bulk-inserted (they are the registry
benchmark's business); the call results and the firm panel go through `import-call-results` and
`import-firm-panel` as an official would run them (the results refresh that follows each import is included in
its time). Prints a line per step and, last,
`outcomes-bench: firms=100000 years=6 did_s=A rd_s=B page_ms=C`
(did_s, rd_s: one estimate of `ventas_uf` from the database, end to end; page_ms: median of 5 GETs of the call's
/resultados/ page). Usage: `make bench-outcomes` or `python bench/outcomes_bench.py [--firms N]`.
"""

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(__file__))

YEARS = range(2019, 2025)
CALL_YEAR = 2022
CUTOFF = 65.0
FIRST_BODY = 60_000_000


def _setup() -> str | None:
    from _pgtemp import use_temporary_database

    tmp = None
    if not use_temporary_database("outcomes") and not os.environ.get("DATABASE_URL"):
        tmp = tempfile.mkdtemp(prefix="panal-bench-outcomes-")
        os.environ["PANAL_VAR_DIR"] = tmp
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "panal.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_reference", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    return tmp


def _files(firms: int):
    import numpy as np
    from stdnum.cl import rut as stdnum_rut

    rng = np.random.default_rng(20240601)
    score = rng.uniform(40, 90, firms).round(3)
    funded = np.where(score >= CUTOFF, rng.uniform(size=firms) < 0.9, rng.uniform(size=firms) < 0.1)
    firm = rng.normal(0, 20, firms) + 2 * score
    noise = rng.normal(0, 5, (firms, len(YEARS)))
    ruts = [f"{b}-{stdnum_rut.calc_check_digit(str(b))}" for b in range(FIRST_BODY, FIRST_BODY + firms)]
    results = ["rut;razon_social;puntaje;resultado;monto_clp"]
    panel = ["rut;anio;ventas_uf;compras_uf;trabajadores;remuneraciones_clp"]
    for i, rut in enumerate(ruts):
        results.append(f"{rut};Bench {i} SpA;{score[i]};{'adjudicado;3500000' if funded[i] else 'no_adjudicado;'}")
        for j, year in enumerate(YEARS):
            sales = 500 + firm[i] + 10 * j + (40 if funded[i] and year > CALL_YEAR else 0) + noise[i, j]
            panel.append(f"{rut};{year};{sales:.2f};{sales * 0.6:.2f};{3 + i % 4};{12000000 + i}")
    return ruts, "\n".join(results).encode(), "\n".join(panel).encode()


def _registry(ruts) -> None:
    from django.db import transaction

    from panal.registry.models import Enterprise  # bench data generation only; the app code goes through services

    with transaction.atomic():
        Enterprise.objects.bulk_create(
            [Enterprise(rut=rut, legal_name=f"Bench {i} SpA") for i, rut in enumerate(ruts)], batch_size=5000
        )


def _timed(label: str, func):
    start = time.perf_counter()
    value = func()
    elapsed = time.perf_counter() - start
    print(f"{label}: {elapsed:.2f} s", flush=True)
    return value, elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--firms", type=int, default=100_000)
    args = parser.parse_args()
    tmp = _setup()
    try:
        from django.test import Client

        from panal.outcomes import results, selectors
        from panal.outcomes.imports import import_call_results, import_firm_panel

        ruts, results_file, panel_file = _files(args.firms)
        _timed("registry (bulk insert)", lambda: _registry(ruts))
        report, _ = _timed(
            "import-call-results",
            lambda: import_call_results(
                data=results_file, filename="r.csv", instrument="capital-abeja-emprende", year=CALL_YEAR,
                cutoff=str(CUTOFF),
            ),
        )  # fmt: skip
        assert report.ok, report.summary()
        report, _ = _timed(
            "import-firm-panel (+ results refresh)",
            lambda: import_firm_panel(data=panel_file, filename="p.csv", source="sii"),
        )
        assert report.ok and report.created == args.firms * len(YEARS) * 4, report.summary()
        call = selectors.call_for(instrument="capital-abeja-emprende", year=CALL_YEAR)
        if results.summary(call) is None:  # the refresh job runs after the import's commit; make sure it ran
            _timed("results refresh", lambda: results.refresh(call))
        did, did_s = _timed("did ventas_uf", lambda: results.compute_effect(call, "ventas_uf", "did"))
        rd, rd_s = _timed("rd ventas_uf", lambda: results.compute_effect(call, "ventas_uf", "rd"))
        print(f"did estimate {did['estimate']} [{did['ci_low']}, {did['ci_high']}] (true effect 40)")
        print(f"rd estimate {rd['estimate']} [{rd['ci_low']}, {rd['ci_high']}] (true effect 40)")
        client = Client()
        url = f"/resultados/{call.code}/"
        timings = []
        for _ in range(6):
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200 and b"<svg" in response.content
        page_ms = statistics.median(timings[1:])  # the first request warms templates and imports
        print(f"/resultados/ index: {_timed('index', lambda: client.get('/resultados/'))[1] * 1000:.0f} ms")
        print(
            f"outcomes-bench: firms={args.firms} years={len(YEARS)} did_s={did_s:.2f} rd_s={rd_s:.2f} "
            f"page_ms={page_ms:.0f}"
        )
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
