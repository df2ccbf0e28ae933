"""Deadline rush on postulaciones, the way `make run` serves Panal: `panal setup --no-demo` + `panal serve`
(gunicorn) in a temporary PANAL_VAR_DIR with its own SQLite file, or on the DATABASE_URL given.

One open call (the Capital Abeja Emprende form) and 550 applicants, each with a complete draft (its baseline section
filled, as outcomes needs) and an API token.
Then, against the running server:
  1. 500 applicants submit at once (64 client threads), mixed with 100 repeats of 100 of them (double clicks,
     retries; half of the repeats carry the same Idempotency-Key as the original request);
  2. the call's closing time is moved to the present (the server's clock now says "closed");
  3. the 50 remaining applicants submit: each must be refused with 409 and the closing time.
The database is then checked against what every client was told. Last line:

submit-bench: attempts=650 stored=500 duplicates_returned=100 late_refused=50 lost=0 server_errors=0 rps=R
    db=sqlite|postgresql

"lost" counts: a client told "submitted" whose application is not submitted under that folio; a client told
"failed" whose application was submitted; a late applicant whose application was submitted; folios that are not
exactly 000001..000500 (a gap or a duplicate). rps = attempts / wall time of phases 1 and 3.

Each submission e-mails its applicant (through the job worker): the line adds `mail=sent/expected` and
`mail_sent_once=yes` when every submitted applicant got exactly one e-mail and nobody else got any.
Each submission also stores its baseline in outcomes' panel: `baseline_rows=stored/expected` (8 rows a submission).

Usage: python bench/submit_bench.py [--applicants 500] [--repeats 100] [--late 50] [--threads 64] [--nodes 1]
       DATABASE_URL=postgres://... python bench/submit_bench.py
       NODES=2: two `panal serve` nodes on the same database (the first runs the job worker), clients alternating;
       the line adds `nodes=2`. PANAL_BENCH_PORTS=8340-8359 picks the ports (default 8400-8499).

Rate limits: the server runs with PANAL_RATELIMIT=off (set by _harness.make_env; docs/security.md), the
documented load-test switch: the rush comes from one machine but stands for many distinct people.
"""

import argparse
import http.client
import json
import os
import random
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _harness import db_kind, make_env, node_ports, panal, recipients_written, served_nodes  # noqa: E402
from _harness import free_port as _free_port  # noqa: E402

PORTS = range(8400, 8500)  # the applications helper's range


def free_port() -> int:
    return _free_port(PORTS)


SEED = """
import json, itertools
from datetime import timedelta
from django.test import override_settings
from django.utils import timezone
from stdnum.cl import rut as rut_lib
from panal.applications import services
from panal.applications.shipped_forms import FORMS
from panal.catalog.services import create_call, create_user
from panal.registry.services import create_person

stamp = timezone.now()
code = f"bench-abeja-{{stamp:%Y%m%d%H%M%S}}"
admin, _ = create_user(
    email=f"bench-admin-{{stamp:%H%M%S%f}}@panal.cl", role="administrator", password="x-bench-123456"
)
call = create_call(code=code, instrument_code="capital-abeja-emprende", title="Capital Abeja Emprende (benchmark)",
    year=stamp.year, region_code="06", opens_at=stamp - timedelta(days=1), closes_at=stamp + timedelta(days=1),
    funding_source="sercotec", subsidy_min_clp=3500000, subsidy_max_clp=3500000)
form = FORMS["capital-abeja-emprende"]
sections = json.loads(json.dumps(form["sections"]))
for section in sections:
    for q in section["questions"]:
        if q["type"] == "file":
            q["required"] = False  # the benchmark measures submissions, not uploads
prefix = f"B{{stamp:%H%M%S}}"  # a prefix of its own: earlier runs on the same database keep their folios
services.set_form(call=call, actor=admin, folio_prefix=prefix, sections=sections, rubric=form["rubric"])
answers = {{"business_name": "Amasandería", "sector": "alimentos", "description": "Pan amasado.",
           "customers": "Vecinos.",
           # the form's baseline section, as an applicant who knows their figures fills it (written to outcomes'
           # panel inside the submission's transaction)
           "base_ventas_clp": "24.000.000", "base_compras_clp": "9.000.000", "base_trabajadoras_mujeres": "2",
           "base_trabajadores_hombres": "1", "base_remuneraciones_clp": "18.000.000", "base_dig_internet": "si",
           "base_dig_factura_electronica": "no", "base_ges_registros": "si"}}
budget = [{{"category": "gestion", "description": "Curso", "amount": 400000}},
          {{"category": "inversion", "description": "Horno", "amount": 3100000}}]
out = []
with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
    for n in range({count}):
        body = str(30_000_000 + n * 7 + stamp.second * 100_000)
        email = f"bench{{n}}-{{stamp:%H%M%S}}@example.cl"
        user, _ = create_user(email=email, role="applicant", password="x-bench-123456")
        create_person(rut=f"{{body}}-{{rut_lib.calc_check_digit(body)}}", first_names="Rosa", last_names=f"Bench {{n}}",
            email=email, birth_date="1990-01-01", sex="F", nationality="CL", commune="06101",
            has_activity_start=False, user=user)
        application = services.start_application(call=call, actor=user)
        services.save_draft(application=application, actor=user, answers=answers, budget=budget)
        out.append([application.pk, services.issue_token(user=user, label="bench"), email])
print(json.dumps({{"call": code, "prefix": prefix, "applications": out}}))
"""

CLOSE = """
from django.utils import timezone
from panal.catalog.models import Call
Call.objects.filter(code="{code}").update(closes_at=timezone.now())
print("ok")
"""

STATE = """
import json
from panal.applications.models import Application
from panal.core.rut import normalize_rut
from panal.outcomes.models import Observation
rows = Application.objects.filter(call__code="{code}").values_list("pk", "state", "folio")
submitted = Application.objects.filter(call__code="{code}", state="submitted")
ruts = [normalize_rut(r) for r in submitted.values_list("person__rut", flat=True)]
print(json.dumps(Observation.objects.filter(rut__in=ruts, source="postulacion").count()))
print(json.dumps([list(r) for r in rows]))
"""
BASELINE_ITEMS = 8  # the baseline answers in SEED: each submission stores one panel row per item


def last_json(output: str):
    return json.loads(output.strip().splitlines()[-1])


def request(port: int, method: str, path: str, headers: dict, timeout: float = 120) -> tuple[int, dict]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, headers=headers)
        response = connection.getresponse()
        data = response.read()
        try:
            return response.status, (json.loads(data) if data else {})
        except ValueError:
            return response.status, {"raw": data[:200].decode(errors="replace")}
    finally:
        connection.close()


def submit(ports: list[int], job: tuple) -> tuple:
    """job = (kind, application id, token, idempotency key or None) → (kind, id, status, body). With several
    nodes, the clients alternate between them (by application id, so a repeat may reach the other node)."""
    kind, app_id, token, key = job
    headers = {"Authorization": f"Bearer {token}"}
    if key:
        headers["Idempotency-Key"] = key
    try:
        port = ports[(app_id + (kind == "repeat")) % len(ports)]
        status, body = request(port, "POST", f"/api/v1/applications/{app_id}/submit", headers)
    except OSError as exc:
        return kind, app_id, 0, {"error": str(exc)}
    return kind, app_id, status, body


def run_phase(ports: list[int], jobs: list, threads: int) -> list:
    with ThreadPoolExecutor(max_workers=threads) as pool:
        return list(pool.map(lambda job: submit(ports, job), jobs))


def wait_for_mail(folder: Path, expected: int, *, seconds: float) -> Counter:
    """While the servers still run: wait until the worker has written `expected` e-mails (or `seconds`), then a
    few seconds more, so a duplicate sent late is seen too."""
    deadline = time.monotonic() + seconds
    while sum(recipients_written(folder).values()) < expected and time.monotonic() < deadline:
        time.sleep(2)
    time.sleep(3)
    return recipients_written(folder)


def audit(results: list, state: list, *, applicants: int, prefix: str) -> dict:
    db = {pk: (st, folio) for pk, st, folio in state}
    counts = {"stored": 0, "duplicates_returned": 0, "late_refused": 0, "lost": 0, "server_errors": 0}
    for kind, app_id, status, body in results:
        if status == 0 or status >= 500:
            counts["server_errors"] += 1
        db_state, db_folio = db.get(app_id, (None, None))
        if kind == "late":
            if status == 409 and "cerró" in body.get("detail", ""):
                counts["late_refused"] += 1
            if db_state != "draft":
                counts["lost"] += 1
            continue
        if status == 200:
            if body.get("folio") != db_folio or db_state != "submitted":
                counts["lost"] += 1
            elif kind == "repeat":
                counts["duplicates_returned"] += 1
        elif db_state == "submitted" and kind == "first":
            counts["lost"] += 1  # told it failed, but it was stored
    folios = sorted(folio for _, st, folio in state if st == "submitted")
    counts["stored"] = len(folios)
    year = folios[0].split("-")[2] if folios else ""
    expected = [f"{prefix}-06-{year}-{n:06d}" for n in range(1, applicants + 1)]
    if folios != expected:
        counts["lost"] += max(1, len(set(expected) ^ set(folios)))
    return counts


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applicants", type=int, default=500)
    parser.add_argument("--repeats", type=int, default=100)
    parser.add_argument("--late", type=int, default=50)
    parser.add_argument("--threads", type=int, default=64)
    parser.add_argument("--mail-wait", type=float, default=180, help="seconds to wait for the worker's e-mails")
    parser.add_argument(
        "--nodes", type=int, default=int(os.environ.get("NODES") or 1), help="`panal serve` nodes (one runs the worker)"
    )
    args = parser.parse_args(argv)
    database_url = os.environ.get("DATABASE_URL") or None
    with tempfile.TemporaryDirectory(prefix="panal-submit-bench-") as var_dir:
        port = free_port()
        env = make_env(var_dir, database_url, port)
        where = "PostgreSQL" if database_url else "SQLite"
        print(f"Preparando ({where}, {var_dir}) ...", flush=True)
        panal(env, "setup", "--no-demo")
        seeded = last_json(panal(env, "shell", "-c", SEED.format(count=args.applicants + args.late)))
        code, apps = seeded["call"], seeded["applications"]
        on_time, late = apps[: args.applicants], apps[args.applicants :]
        email_of = {pk: email for pk, _, email in apps}
        jobs = [("first", pk, token, f"submit-{pk}") for pk, token, _ in on_time]
        for i, (pk, token, _) in enumerate(random.Random(6).sample(on_time, args.repeats)):
            jobs.append(("repeat", pk, token, f"submit-{pk}" if i % 2 == 0 else None))
        random.Random(5).shuffle(jobs)
        ports = node_ports(port, args.nodes, PORTS)
        with served_nodes(var_dir, database_url, ports):
            print(f"Servidores en {ports}; {len(jobs)} envíos concurrentes ...", flush=True)
            started = time.monotonic()
            results = run_phase(ports, jobs, args.threads)
            rush_seconds = time.monotonic() - started
            panal(env, "shell", "-c", CLOSE.format(code=code))
            started = time.monotonic()
            results += run_phase(ports, [("late", pk, token, None) for pk, token, _ in late], args.threads)
            late_seconds = time.monotonic() - started
            state_output = panal(env, "shell", "-c", STATE.format(code=code))
            state, baseline_rows = last_json(state_output), json.loads(state_output.strip().splitlines()[-2])
            submitted = {email_of[pk].lower() for pk, st, _ in state if st == "submitted"}
            mail = wait_for_mail(Path(var_dir) / "mail", len(submitted), seconds=args.mail_wait)
        counts = audit(results, state, applicants=args.applicants, prefix=seeded["prefix"])
        mail_once = set(mail) == submitted and all(n == 1 for n in mail.values())
        if counts["server_errors"]:
            log = "\n".join(
                (Path(var_dir) / f"serve-{p}.log").read_text(errors="replace")
                for p in ports
                if (Path(var_dir) / f"serve-{p}.log").exists()
            )
            failing = [line for line in log.splitlines() if '" 50' in line or "Error" in line or "Traceback" in line]
            print("Errores del servidor:\n" + "\n".join(failing[:20]))
            print("Primeras respuestas con error:", [r for r in results if r[2] == 0 or r[2] >= 500][:3])
        attempts = len(results)
        rps = attempts / (rush_seconds + late_seconds)
        print(
            f"Fase 1: {len(jobs)} envíos en {rush_seconds:.1f} s; fase 3: {len(late)} en {late_seconds:.1f} s; "
            f"carga de la máquina {os.getloadavg()[0]:.1f}."
        )
        print(
            f"submit-bench: attempts={attempts} stored={counts['stored']} "
            f"duplicates_returned={counts['duplicates_returned']} late_refused={counts['late_refused']} "
            f"lost={counts['lost']} server_errors={counts['server_errors']} rps={rps:.0f} db={db_kind()}"
            + (f" nodes={args.nodes}" if args.nodes > 1 else "")
            + f" mail={sum(mail.values())}/{len(submitted)} mail_sent_once={'yes' if mail_once else 'no'}"
            + f" baseline_rows={baseline_rows}/{counts['stored'] * BASELINE_ITEMS}"
        )
        ok = (
            counts["stored"] == args.applicants
            and counts["duplicates_returned"] == args.repeats
            and counts["late_refused"] == args.late
            and counts["lost"] == 0
            and counts["server_errors"] == 0
            and mail_once
            and baseline_rows == counts["stored"] * BASELINE_ITEMS
        )
        return 0 if ok else 1


if __name__ == "__main__":
    from _pgtemp import use_temporary_database

    use_temporary_database("submit")
    sys.exit(main())
