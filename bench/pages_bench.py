"""Public pages against the ceiling, served as `make run` serves them: `panal setup` (reference and demo data) in a
temporary PANAL_VAR_DIR with its own SQLite file (or the DATABASE_URL database), then `panal serve`. Each URL gets
the same number of requests from the same number of client threads; the ceiling is `/salud/`, a bare "ok" view of
the same server. Last line:

pages-bench: ceiling_rps=A home=… instrumentos=… semana=… cifras=… comuna=… api_activities=… min_ratio=R db=…

Each page's number is its requests per second; min_ratio is the slowest page over the ceiling (target ≥ 0.4).

Usage: python bench/pages_bench.py [--requests 300] [--threads 8]"""

import argparse
import http.client
import os
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
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="panal-pages-bench-") as var_dir:
        port = free_port(PORTS)
        env = make_env(var_dir, os.environ.get("DATABASE_URL") or None, port)
        print(f"Preparando ({db_kind()}, {var_dir}): panal setup con datos de demostración ...", flush=True)
        panal(env, "setup")
        with served(env, port):
            ceiling = load(port, "/salud/", requests=args.requests, threads=args.threads)
            print(f"  techo (/salud/): {ceiling:.0f} solicitudes/s", flush=True)
            rates = {}
            for name, path in PAGES.items():
                rates[name] = load(port, path, requests=args.requests, threads=args.threads)
                print(f"  {path}: {rates[name]:.0f} solicitudes/s ({rates[name] / ceiling:.2f} del techo)", flush=True)
    ratio = min(rates.values()) / ceiling
    pages = " ".join(f"{name}={rate:.0f}" for name, rate in rates.items())
    print(f"pages-bench: ceiling_rps={ceiling:.0f} {pages} min_ratio={ratio:.2f} db={db_kind()}")
    return 0


if __name__ == "__main__":
    from _pgtemp import use_temporary_database

    use_temporary_database("pages")
    sys.exit(main())
