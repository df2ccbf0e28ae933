"""Public pages against the ceiling, served as `make run` serves them: `panal setup` (reference and demo data) in a
temporary PANAL_VAR_DIR with its own SQLite file (or the DATABASE_URL database), then `panal serve`. Each URL gets
the same number of requests from the same number of client threads; the ceiling is `/salud/`, a bare "ok" view of
the same server. Last line:

pages-bench: ceiling_rps=A home=… instrumentos=… semana=… cifras=… comuna=… api_activities=… min_ratio=R db=…

Each page's number is its requests per second (the median over the rounds); min_ratio is the slowest page over the
ceiling (target ≥ 0.4). The machine may be shared, and its load changes within seconds: in each round every page is
loaded right after a load of the ceiling, its ratio is taken against that ceiling, and the median ratio over the
rounds counts (--rounds 3); ceiling_rps is the median of all the ceiling loads.

Usage: python bench/pages_bench.py [--requests 300] [--threads 8] [--rounds 3] [--var-dir DIR]
    --var-dir reuses a PANAL_VAR_DIR where `panal setup` already ran (SQLite only), to skip the setup.
    PANAL_BENCH_PORTS=8340-8359 picks the ports (default 8180-8199)."""

import argparse
import contextlib
import http.client
import os
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _harness import db_kind, free_port, make_env, panal, served  # noqa: E402

PORTS = range(8180, 8200)
PAGES = {
    "home": "/",
    "instrumentos": "/instrumentos/",
    "semana": "/semana/",
    "cifras": "/cifras/",
    "comuna": "/territorio/comunas/06101/",
    "api_activities": "/api/v1/activities",
}


def _get(port: int, path: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def load(port: int, path: str, *, requests: int, threads: int) -> float:
    """Requests per second for `requests` GETs of `path` from `threads` clients; any non-200 stops the bench."""
    for _ in range(3):  # warm caches and connections: the steady state is what visitors get
        _get(port, path)
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=threads) as pool:
        statuses = list(pool.map(lambda _: _get(port, path), range(requests)))
    elapsed = time.perf_counter() - started
    bad = [s for s in statuses if s != 200]
    if bad:
        raise SystemExit(f"pages-bench: ERROR {path} answered {sorted(set(bad))} ({len(bad)} of {requests})")
    return requests / elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--var-dir", default=None, help="a PANAL_VAR_DIR already set up (skips `panal setup`)")
    args = parser.parse_args()

    with contextlib.ExitStack() as stack:
        var_dir = args.var_dir or stack.enter_context(tempfile.TemporaryDirectory(prefix="panal-pages-bench-"))
        port = free_port(PORTS)
        env = make_env(var_dir, os.environ.get("DATABASE_URL") or None, port)
        if not args.var_dir:
            print(f"Preparando ({db_kind()}, {var_dir}): panal setup con datos de demostración ...", flush=True)
            panal(env, "setup")
        ceilings, rates, ratios = [], {name: [] for name in PAGES}, {name: [] for name in PAGES}
        with served(env, port):
            for round_number in range(1, args.rounds + 1):
                print(f"ronda {round_number}:", flush=True)
                for name, path in PAGES.items():
                    ceiling = load(port, "/salud/", requests=args.requests, threads=args.threads)
                    rate = load(port, path, requests=args.requests, threads=args.threads)
                    ceilings.append(ceiling)
                    rates[name].append(rate)
                    ratios[name].append(rate / ceiling)
                    print(
                        f"  {path}: {rate:.0f} solicitudes/s; techo justo antes {ceiling:.0f} ({rate / ceiling:.2f})",
                        flush=True,
                    )
    ratio = min(statistics.median(values) for values in ratios.values())
    pages = " ".join(f"{name}={statistics.median(values):.0f}" for name, values in rates.items())
    print(f"carga de la máquina: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print(f"pages-bench: ceiling_rps={statistics.median(ceilings):.0f} {pages} min_ratio={ratio:.2f} db={db_kind()}")
    return 0


if __name__ == "__main__":
    from _pgtemp import use_temporary_database

    use_temporary_database("pages")
    sys.exit(main())
