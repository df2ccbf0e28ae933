"""Eligibility benchmark: 1,000,000 generated profiles, every shipped call, compiled query vs engine one at a time.

Runs in a temporary PANAL_VAR_DIR (its own SQLite file) unless DATABASE_URL points at a PostgreSQL database (it then
replaces that database's targeting table: never point it at production). Prints
one line per call and, last, `eligibility-bench: rows=... calls=N compiled_s=A engine_s=B ratio=B/A agree=yes|no`.
Usage: `make bench-eligibility` or `python bench/eligibility_bench.py [--rows N]`.
"""

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal

from _harness import db_kind  # the bench folder is on sys.path when run as a script

AS_OF = date(2024, 5, 20)


def _setup() -> str | None:
    tmp = None
    if not os.environ.get("DATABASE_URL"):
        tmp = tempfile.mkdtemp(prefix="panal-bench-eligibility-")
        os.environ["PANAL_VAR_DIR"] = tmp
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "panal.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_reference", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    return tmp


def _generate(rows: int, seed: int = 20240520):
    """Plausible profiles: mostly O'Higgins, every field unknown now and then."""
    from panal.territory.selectors import communes

    rng = random.Random(seed)
    ohiggins = [c.code for c in communes(region="06")]
    elsewhere = [c.code for c in communes() if not c.code.startswith("06")]
    kinds = ["persona"] * 55 + ["empresa"] * 30 + ["cooperativa"] * 8 + ["grupo"] * 7
    classes = ["agricola", "campesina", "pesquera", "consumo", "trabajo", "servicios", "ahorro_credito", "otra"]
    activities = ["011101", "479100", "561000", "031110", "551001", "620100"]

    def maybe(value, unknown=0.1):
        return None if rng.random() < unknown else value

    for i in range(rows):
        kind = rng.choice(kinds)
        commune = maybe(rng.choice(ohiggins) if rng.random() < 0.8 else rng.choice(elsewhere), 0.05)
        started = maybe(AS_OF - timedelta(days=rng.randint(0, 12000)), 0.3)
        has_start = maybe(rng.random() < 0.6)
        sales = maybe(Decimal(rng.choice([0, rng.randint(0, 300), rng.randint(0, 30000), rng.randint(0, 200000)])))
        collective = kind in ("cooperativa", "grupo")
        registries = maybe(sorted(rng.sample(["RPA", "RNA", "ROA"], rng.randint(0, 2))), 0.4)
        firms = (
            maybe([Decimal(rng.choice([100, 1500, 3000, 20000, 90000, 150000])) for _ in range(rng.randint(3, 12))])
            if kind == "grupo"
            else None
        )
        yield (
            "person" if kind == "persona" else "enterprise",
            i,
            {
                "applicant_kind": kind,
                "birth_date": maybe(AS_OF - timedelta(days=rng.randint(15 * 365, 80 * 365))),
                "sex": maybe(rng.choice("FFMMX")),
                "nationality": maybe(rng.choice(["CL", "CL", "extranjera"])),
                "commune": commune,
                "has_activity_start": has_start,
                "activity_start_date": started,
                "annual_sales_uf": sales,
                "activity_code": maybe(rng.choice(activities), 0.3),
                "cooperative_class": maybe(rng.choice(classes)) if kind == "cooperativa" else None,
                "members": maybe(rng.randint(1, 60)) if collective else None,
                "in_good_standing": maybe(rng.random() < 0.8) if collective else None,
                "registries": registries,
                "member_sales_uf": firms,
                "project_investment_clp": maybe(rng.choice([5_000_000, 12_000_000, 40_000_000]), 0.5),
                "in_emergency_register": maybe(rng.random() < 0.3, 0.5) if kind != "grupo" else None,
                "has_overdue_debts": maybe(rng.random() < 0.1, 0.7),
            },
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--keep", action="store_true", help="Keep the temporary PANAL_VAR_DIR (prints its path)")
    args = parser.parse_args()
    tmp = _setup()
    try:
        _run(args.rows)
    finally:
        if tmp and args.keep:
            print(f"kept PANAL_VAR_DIR={tmp}")
        elif tmp:
            shutil.rmtree(tmp, ignore_errors=True)


def _run(rows: int) -> None:
    from django.db import connection

    from panal.eligibility import engine
    from panal.eligibility.models import TargetProfile
    from panal.eligibility.services import replace_targets

    started = time.perf_counter()
    replace_targets(rows=_generate(rows), batch_size=10_000)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    else:  # what autovacuum does after a bulk load; lets PostgreSQL count from the covering index alone
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {TargetProfile._meta.db_table}")
    print(f"filled {rows} profiles in {time.perf_counter() - started:.1f} s ({connection.vendor})", flush=True)

    callset = engine.CallSet()
    compiled_counts, compiled_total = {}, 0.0
    for call in callset.calls:
        query = engine.compile(call, rules=callset.rules[call.code])
        t = time.perf_counter()
        compiled_counts[call.code] = TargetProfile.objects.filter(query).count()
        elapsed = time.perf_counter() - t
        compiled_total += elapsed
        print(f"  compiled {call.code}: {compiled_counts[call.code]} elegibles en {elapsed:.3f} s", flush=True)

    columns = [f.name for f in TargetProfile._meta.fields if f.name not in ("id", "source_kind", "object_id")]
    engine_counts = dict.fromkeys(compiled_counts, 0)
    rules = [(call.code, callset.rules[call.code], call.reference_date) for call in callset.calls]
    t = time.perf_counter()
    for row in TargetProfile.objects.values_list(*columns).iterator(chunk_size=20_000):
        stored = dict(zip(columns, row, strict=True))
        registries = (
            None
            if stored["reg_rpa"] is None
            else [name for name, col in (("RPA", "reg_rpa"), ("RNA", "reg_rna"), ("ROA", "reg_roa")) if stored[col]]
        )
        # The table keeps a group's count of firms outside 2,400-100,000 UF, not each firm's sales: rebuild a list
        # with the same count (0 UF outside, 2,400 UF inside) so the engine derives the same share.
        outside = stored.pop("members_outside_sme")
        firms = None if outside is None else [Decimal(0)] * outside + [Decimal(2400)] * (stored["members"] - outside)
        profile = {**stored, "as_of": AS_OF, "registries": registries, "member_sales_uf": firms}
        values = engine.derive(profile)
        for code, call_rules, at in rules:  # ages at each call's reference date, as the compiled query counts them
            if engine.verdict(call_rules, engine.at_reference(values, profile, at)) == engine.ELIGIBLE:
                engine_counts[code] += 1
    engine_total = time.perf_counter() - t
    for code in compiled_counts:
        print(f"  engine   {code}: {engine_counts[code]} elegibles", flush=True)

    agree = "yes" if engine_counts == compiled_counts else "no"
    ratio = engine_total / compiled_total if compiled_total else float("inf")
    print(
        f"eligibility-bench: rows={rows} calls={len(compiled_counts)} compiled_s={compiled_total:.3f} "
        f"engine_s={engine_total:.3f} ratio={ratio:.1f} agree={agree} db={db_kind()}"
    )
    if agree == "no":
        sys.exit(1)


if __name__ == "__main__":
    from _pgtemp import use_temporary_database

    use_temporary_database("eligibility")
    main()
