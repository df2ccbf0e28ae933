"""Figures benchmark: 1,000,000 ledger rows over 100,000 projects; times every aggregation of /cifras and the
360Giving open-data export.

Runs in a temporary PANAL_VAR_DIR (its own SQLite file) unless DATABASE_URL points at a PostgreSQL database (which
it fills: use a database of its own). The generated ledger is consistent: each project's summary columns are the
sums of its entries (the CHECK constraints hold and the script verifies the totals against the ledger).
Prints one line per aggregation and, last,
`figures-bench: rows=1000000 slowest_aggregation_ms=A open_data_s=B`.
Usage: `make bench-figures` or `python bench/figures_bench.py [--projects N] [--rows N]`.
"""

import argparse
import gc
import os
import random
import shutil
import sys
import tempfile
import time
from datetime import date, timedelta

from _harness import db_kind  # the bench folder is on sys.path when run as a script

SEED = 20240601


def _setup() -> str | None:
    tmp = None
    if not os.environ.get("DATABASE_URL"):
        tmp = tempfile.mkdtemp(prefix="panal-bench-figures-")
        os.environ["PANAL_VAR_DIR"] = tmp
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "panal.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_reference", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    return tmp


def _clear() -> None:
    from django.db import connection

    tables = [
        "portfolio_ledgerentry",
        "portfolio_expenseitem",
        "portfolio_expensereport",
        "portfolio_project",
        "portfolio_callfunding",
        "portfolio_callbudget",
        "portfolio_agreementtransfer",
        "portfolio_agreement_instruments",
        "portfolio_agreement",
        "portfolio_fundingsource",
    ]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608 (fixed table names)
        cursor.execute(
            "DELETE FROM registry_cooperative WHERE enterprise_id IN "
            "(SELECT id FROM registry_enterprise WHERE legal_name LIKE 'Bench %%')"
        )
        cursor.execute("DELETE FROM registry_enterprise WHERE legal_name LIKE 'Bench %%'")
        cursor.execute("DELETE FROM registry_person WHERE last_names LIKE 'Bench %%'")


def _rut(n: int) -> str:
    from stdnum.cl import rut

    body = str(n)
    return f"{body}-{rut.calc_check_digit(body)}"


def _generate(projects: int, rows: int) -> None:
    """Beneficiaries, sources, projects and exactly `rows` ledger entries, bulk-inserted."""
    from django.db import transaction

    from panal.catalog.models import OBJECTIVES
    from panal.catalog.selectors import agencies, calls
    from panal.portfolio.models import CallBudget, FundingSource, LedgerEntry, Project
    from panal.registry.models import Cooperative, Enterprise, Person
    from panal.territory.selectors import communes

    rng = random.Random(SEED)
    region = list(communes(region="06"))
    all_calls = list(calls())
    agency_by_code = {a.code: a for a in agencies()}
    n_people, n_firms = projects // 4, projects // 10
    batch = 5000
    with transaction.atomic():
        sources = [
            FundingSource.objects.create(
                code=f"bench-{i}",
                name=f"Fuente bench {i}",
                kind=kind,
                agency=agency_by_code[code],
                year=2024,
                amount_clp=10**15,
            )
            for i, (kind, code) in enumerate([("fndr", "gore-06"), ("sectorial", "sercotec"), ("sectorial", "corfo")])
        ]
        Person.objects.bulk_create(
            [
                Person(
                    rut=_rut(40_000_000 + i),
                    first_names="Persona",
                    last_names=f"Bench {i}",
                    sex=rng.choice("FFMMX"),
                    commune=rng.choice(region),
                )
                for i in range(n_people)
            ],
            batch_size=batch,
        )
        Enterprise.objects.bulk_create(
            [
                Enterprise(
                    rut=_rut(77_000_000 + i),
                    legal_name=f"Bench {i} SpA",
                    commune=rng.choice(region),
                    size=rng.choice(["micro", "micro", "pequena", "mediana"]),
                )
                for i in range(n_firms)
            ],
            batch_size=batch,
        )
        people = list(Person.objects.filter(last_names__startswith="Bench ").values_list("id", "sex", "commune_id"))
        firms = list(Enterprise.objects.filter(legal_name__startswith="Bench ").values_list("id", "size", "commune_id"))
        coop_ids = {fid for fid, _, _ in firms[: len(firms) // 5]}
        Cooperative.objects.bulk_create(
            [Cooperative(enterprise_id=fid, cooperative_class="campesina", members_women=5) for fid in coop_ids],
            batch_size=batch,
        )
        province_of = {c.code: c.province_id for c in region}
        objectives = list(OBJECTIVES)
        per_project = rows // projects
        extra = rows - per_project * projects
        awarded_by_call: dict[int, int] = {}
        pending_projects, pending_entries, made = [], [], 0
        base = Project.objects.order_by("-id").values_list("id", flat=True).first() or 0
        for i in range(projects):
            call = all_calls[i % len(all_calls)]
            awarded = rng.randrange(1_000_000, 20_000_001, 10_000)
            awarded_on = date(2019 + i % 6, 1 + i % 12, 1 + i % 28)
            n_entries = per_project + (1 if i < extra else 0)
            # 1 commitment, then disbursements (some reversed pairs), a refund and reports, all consistent.
            entries = [("commitment", awarded)]
            disbursed = refunded = approved = 0
            while len(entries) < n_entries:
                left = n_entries - len(entries)
                roll = rng.random()
                if left >= 2 and roll < 0.1 and disbursed < awarded:
                    amount = min(awarded - disbursed, 100_000)
                    entries += [("disbursement", amount), ("disbursement", -amount)]  # a correction pair
                elif disbursed < awarded and roll < 0.7:
                    amount = max(1, min(awarded - disbursed, rng.randrange(1000, awarded // 3, 1000)))
                    entries.append(("disbursement", amount))
                    disbursed += amount
                elif disbursed - refunded - approved >= 2000 and roll < 0.85:
                    amount = (disbursed - refunded - approved) // 2
                    entries.append(("report_approved", amount))
                    approved += amount
                elif disbursed - refunded - approved >= 1000:
                    entries.append(("refund", 1000))
                    refunded += 1000
                else:
                    entries.append(("report_rejected", 1000))
            if rng.random() < 0.7:
                pid, sex, commune = rng.choice(people)
                who = {"person_id": pid, "beneficiary_key": f"p{pid}", "beneficiary_type": "persona", "sex": sex}
            else:
                fid, size, commune = rng.choice(firms)
                kind = "cooperativa" if fid in coop_ids else size
                who = {"enterprise_id": fid, "beneficiary_key": f"e{fid}", "beneficiary_type": kind, "sex": ""}
            pk = base + i + 1
            pending_projects.append(
                Project(
                    id=pk,
                    code=f"B{pk:07d}",
                    source_key=f"bench:{pk}",
                    title=f"Proyecto bench {pk}",
                    call_id=call.pk,
                    instrument_id=call.instrument_id,
                    agency_id=call.instrument.agency_id,
                    funding_source=sources[i % 3],
                    commune_id=commune,
                    province_id=province_of[commune],
                    objective=objectives[i % 4],
                    year=awarded_on.year,
                    awarded_on=awarded_on,
                    awarded_clp=awarded,
                    committed_clp=awarded,
                    disbursed_clp=disbursed,
                    refunded_clp=refunded,
                    executed_clp=disbursed - refunded,
                    approved_clp=approved,
                    rejected_clp=sum(a for k, a in entries if k == "report_rejected"),
                    instalments=sum(1 for k, a in entries if k == "disbursement" and a > 0),
                    **who,
                )
            )
            day = awarded_on
            for kind, amount in entries:
                pending_entries.append(LedgerEntry(project_id=pk, kind=kind, amount_clp=amount, entry_date=day))
                day += timedelta(days=7)
            awarded_by_call[call.pk] = awarded_by_call.get(call.pk, 0) + awarded
            if len(pending_entries) >= 50_000 or i == projects - 1:
                Project.objects.bulk_create(pending_projects, batch_size=batch)
                LedgerEntry.objects.bulk_create(pending_entries, batch_size=batch)
                made += len(pending_entries)
                pending_projects, pending_entries = [], []
        CallBudget.objects.bulk_create(
            [CallBudget(call_id=c, budget_clp=v, awarded_clp=v) for c, v in awarded_by_call.items()]
        )
    assert made == rows, (made, rows)


def _time(label: str, fn, repeat: int = 3) -> tuple[float, object]:
    fn()  # warm-up: the first call also pays for connection set-up and page cache
    best, result = None, None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        elapsed = (time.perf_counter() - start) * 1000
        best = elapsed if best is None else min(best, elapsed)
    print(f"aggregation={label} ms={best:.1f}", flush=True)
    return best, result


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--projects", type=int, default=100_000)
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    tmp = _setup()
    try:
        from django.db import connection

        from panal.opendata import grants
        from panal.portfolio import selectors

        _clear()
        start = time.perf_counter()
        _generate(args.projects, args.rows)
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                # One huge load leaves a WAL of hundreds of MB; a running server checkpoints it as it goes.
                cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            # PostgreSQL: VACUUM sets the visibility map so the covering indexes serve index-only scans, as
            # autovacuum does shortly after a load in production. SQLite: ANALYZE feeds its planner.
            cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
        gc.collect()
        print(
            f"generated projects={args.projects} rows={args.rows} in {time.perf_counter() - start:.1f}s "
            f"({connection.vendor})",
            flush=True,
        )
        timings = {}
        for key in selectors.DIMENSIONS:
            timings[key], _ = _time(f"by_{key}", lambda key=key: selectors.execution_stats(key))
        timings["key_numbers"], numbers = _time("key_numbers", selectors.key_numbers)
        timings["totals"], totals = _time("totals", selectors.totals)
        timings["map"], _ = _time("map_bubbles", lambda: selectors.commune_bubbles("06"))
        # Not part of the default page (so not in the headline): one filtered figure, for the record.
        _time("extra_by_commune_filtered_year", lambda: selectors.execution_stats("commune", {"year": 2024}))
        ledger = selectors.ledger_totals()
        agree = ledger["disbursed_clp"] == totals["disbursed_clp"] and ledger["committed_clp"] == totals["awarded_clp"]
        print(f"ledger check: summary equals ledger = {'yes' if agree else 'NO'}", flush=True)
        start = time.perf_counter()
        body = grants.package_json()
        open_data_s = time.perf_counter() - start
        print(f"open_data grants={numbers['projects']} bytes={len(body)} s={open_data_s:.2f}", flush=True)
        slowest = max(timings.values())
        print(
            f"figures-bench: rows={args.rows} slowest_aggregation_ms={slowest:.0f} open_data_s={open_data_s:.1f} "
            f"db={db_kind()}"
        )
        return 0 if agree else 1
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    from _pgtemp import use_temporary_database

    use_temporary_database("figures")
    sys.exit(main())
