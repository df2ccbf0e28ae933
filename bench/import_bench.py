"""Import benchmark: 100,000 generated enterprise rows into a fresh database.

    make bench-import                                   # SQLite in a temporary PANAL_VAR_DIR
    DATABASE_URL=postgres://... make bench-import       # PostgreSQL: a temporary database on that server

Generates the rows (seeded) into a temporary CSV in the documented format (docs/imports.md), migrates a fresh
database, loads the reference data (communes, SII activities), then times `panal import-enterprises` itself
(validation of every row + the one-transaction write), then validates a second file of 100,000 rows that all share
one RUT in a fresh process and reports that process's peak memory (a duplicate is one problem, not one per row:
memory stays linear; issue 10 asks for under 300 MB). Last lines:
`import-bench: rows=100000 seconds=S rows_per_s=R`
`import-bench-duplicates: rows=100000 issues=1 seconds=S peak_rss_mb=M`.
"""

import csv
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from _harness import db_kind  # the bench folder is on sys.path when run as a script

ROWS = int(os.environ.get("BENCH_ROWS", "100000"))
ROOT = Path(__file__).resolve().parent.parent
PANAL = str(Path(sys.executable).with_name("panal"))

COMMUNES = [
    "Rancagua",
    "CODEGUA",
    "Coinco",
    "Coltauco",
    "Doñihue",
    "DONIHUE",
    "Graneros",
    "Las Cabras",
    "Machalí",
    "Malloa",
    "Mostazal",
    "Olivar",
    "Peumo",
    "Pichidegua",
    "Quinta de Tilcoco",
    "Rengo",
    "Requínoa",
    "San Vicente",
    "Pichilemu",
    "La Estrella",
    "Litueche",
    "Marchigüe",
    "Marchihue",
    "Navidad",
    "Paredones",
    "San Fernando",
    "Chépica",
    "Chimbarongo",
    "Lolol",
    "Nancagua",
    "Palmilla",
    "Peralillo",
    "Placilla",
    "Pumanque",
    "Santa Cruz",
    "06101",
    "06310",
]
FORMS = ["persona natural con giro", "EIRL", "SpA", "Ltda.", "S.A.", "otra"]
ACTIVITIES = ["011101", "011102", "107100", "472101", "561000", "551001", "031110", "016100", "410010", "620100"]
HEADER = [
    "rut", "razon_social", "nombre_fantasia", "forma_juridica", "inicio_actividades", "fecha_inicio_actividades",
    "actividad", "comuna", "anio", "ventas_uf", "trabajadores", "remuneraciones_clp",
]  # fmt: skip


def check_digit(body: int) -> str:
    total, factor = 0, 2
    for digit in reversed(str(body)):
        total += int(digit) * factor
        factor = 2 if factor == 7 else factor + 1
    rest = 11 - total % 11
    return {11: "0", 10: "K"}.get(rest, str(rest))


def generate(path: Path, rows: int, *, same_rut: bool = False) -> None:
    rng = random.Random(20240520)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(HEADER)
        for i in range(rows):
            body = 76_000_000 if same_rut else 76_000_000 + i * 7
            rut = f"{body:,}".replace(",", ".") + "-" + check_digit(body)
            start = f"{rng.randint(1995, 2023)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            sales = round(rng.lognormvariate(6.5, 1.6), 2)
            writer.writerow(
                [
                    rut,
                    f"Empresa de prueba {i} {rng.choice(['SpA', 'Ltda.', 'EIRL'])}",
                    f"Fantasía {i}" if rng.random() < 0.5 else "",
                    rng.choice(FORMS),
                    "sí",
                    start,
                    rng.choice(ACTIVITIES),
                    rng.choice(COMMUNES),
                    2023,
                    f"{sales:.2f}".replace(".", ","),
                    rng.randint(0, 60),
                    rng.randint(0, 400_000_000),
                ]
            )


def run(args: list[str], env: dict) -> None:
    subprocess.run(args, env=env, check=True, stdout=subprocess.DEVNULL)


def measure(csv_path: str) -> None:
    """Runs in a child process whose environment points at the fresh database."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "panal.settings")
    import django

    django.setup()
    from panal.registry.imports import run_import
    from panal.registry.models import Enterprise

    data = Path(csv_path).read_bytes()
    started = time.perf_counter()
    result = run_import(kind="enterprises", data=data, filename=Path(csv_path).name)
    seconds = time.perf_counter() - started
    stored = Enterprise.objects.count()
    print(result.summary())
    if result.invalid or stored != result.rows:
        print(f"import-bench: ERROR: {result.invalid} invalid rows, {stored} stored of {result.rows}")
        for issue in result.issues[:5]:
            print(issue)
        sys.exit(1)
    print(
        f"import-bench: rows={result.rows} seconds={seconds:.2f} rows_per_s={result.rows / seconds:.0f} db={db_kind()}"
    )


def measure_duplicates(csv_path: str) -> None:
    """Validate (dry run) a file whose rows all share one RUT; print this process's peak resident memory."""
    import resource

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "panal.settings")
    import django

    django.setup()
    from panal.registry.imports import run_import

    data = Path(csv_path).read_bytes()
    started = time.perf_counter()
    result = run_import(kind="enterprises", data=data, filename=Path(csv_path).name, dry_run=True)
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB
    print(result.summary())
    print(
        f"import-bench-duplicates: rows={result.rows} issues={len(result.issues)} seconds={seconds:.2f} "
        f"peak_rss_mb={peak_mb:.0f}"
    )


def _postgres_temp(url: str) -> tuple[str, str, str]:
    parts = urlsplit(url)
    name = f"{parts.path.lstrip('/') or 'panal'}_bench_{os.getpid()}"
    admin = urlunsplit(parts._replace(path="/postgres"))
    return name, admin, urlunsplit(parts._replace(path=f"/{name}"))


def main() -> None:
    env = dict(os.environ)
    database_url = env.get("DATABASE_URL", "")
    with tempfile.TemporaryDirectory(prefix="panal-import-bench-") as tmp:
        env["PANAL_VAR_DIR"] = tmp
        csv_path = Path(tmp) / "enterprises.csv"
        started = time.perf_counter()
        generate(csv_path, ROWS)
        print(f"generated {ROWS} rows in {time.perf_counter() - started:.1f} s ({csv_path.stat().st_size // 1024} KiB)")
        drop = None
        if database_url:
            import psycopg

            name, admin, env["DATABASE_URL"] = _postgres_temp(database_url)
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{name}"')

            def drop():
                with psycopg.connect(admin, autocommit=True) as conn:
                    conn.execute(f'DROP DATABASE IF EXISTS "{name}"')

            print(f"database: PostgreSQL (temporary database {name})")
        else:
            print("database: SQLite (temporary PANAL_VAR_DIR)")
        try:
            run([PANAL, "migrate", "--verbosity", "0"], env)
            run([PANAL, "load_reference"], env)
            subprocess.run([sys.executable, __file__, "--measure", str(csv_path)], env=env, check=True)
            same_rut = Path(tmp) / "same-rut.csv"
            generate(same_rut, ROWS, same_rut=True)
            subprocess.run([sys.executable, __file__, "--measure-duplicates", str(same_rut)], env=env, check=True)
        finally:
            if drop is not None:
                drop()


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--measure":
        measure(sys.argv[2])
    elif len(sys.argv) == 3 and sys.argv[1] == "--measure-duplicates":
        measure_duplicates(sys.argv[2])
    else:
        main()
