"""Registration rush, the way `make run` serves Panal: `panal setup` + `panal serve` (gunicorn) in a temporary
PANAL_VAR_DIR with its own SQLite file, or on the DATABASE_URL given. One activity with 100 seats gets 1,000
concurrent registrations (distinct emails, 64 client threads), then 100 cancellations; the database is then
checked. Last line:

register-bench: attempts=1000 confirmed=100 waitlisted=900 promoted=100 lost=0 server_errors=0 rps=R
    db=sqlite|postgresql

"lost" counts a client told "failed" for a registration that exists, a registration a client was given that
is missing or not in the state the client was told, and a seat that ended over capacity.

Usage: python bench/register_bench.py [--attempts 1000] [--seats 100] [--cancellations 100] [--threads 64]
       DATABASE_URL=postgres://... python bench/register_bench.py
The functions are reused by tests/events/test_capacity_race.py (correctness only, never timed).
Rate limits: the server runs with PANAL_RATELIMIT=off (set by _harness.make_env; docs/security.md), the
documented load-test switch: the rush comes from one machine but stands for many distinct people.
"""

import argparse
import http.client
import json
import os
import resource
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
# `served` is used by tests/events/test_capacity_race.py through this module.
from _harness import db_kind, make_env, messages_written, node_ports, panal, served, served_nodes  # noqa: E402, F401
from _harness import free_port as _free_port  # noqa: E402

PORTS = range(8200, 8300)  # the events helper's range


def free_port() -> int:
    return _free_port(PORTS)


CREATE_ACTIVITY = """
from datetime import timedelta
from django.utils import timezone
from panal.catalog.selectors import get_agency
from panal.events.models import Activity, Edition
from panal.territory.selectors import get_commune, get_region
stamp = timezone.now()
start = timezone.localtime(stamp) + timedelta(days=30)
edition = Edition.objects.create(slug=f"bench-{{stamp:%Y%m%d%H%M%S%f}}", year=start.year, region=get_region("06"),
    name="Benchmark de inscripción", starts_on=start.date(), ends_on=start.date(), is_sample=True)
activity = Activity.objects.create(edition=edition, title="Taller con {seats} cupos", type="taller",
    agency=get_agency("sercotec"), objective="ventas", audience="mipymes", starts_at=start,
    ends_at=start + timedelta(hours=2), venue="Sala", commune=get_commune("06101"), capacity={seats})
print(activity.pk)
"""

STATE = """
import json
from panal.events.models import Notification, Registration
rows = Registration.objects.filter(activity_id={activity_id}).order_by("id")
mail = Notification.objects.filter(registration__activity_id={activity_id})
print(json.dumps({{"mail_sent": mail.filter(sent_at__isnull=False).count(), "mail_total": mail.count()}}))
print(json.dumps([[r.email_normalized, r.code, r.status, r.promoted_at is not None] for r in rows]))
"""


def prepare(env: dict, *, seats: int, full_setup: bool = True) -> int:
    """The full `panal setup --no-demo` (when full_setup: otherwise the database is already migrated and holds the
    reference data, as a test's does), then one activity."""
    if full_setup:
        panal(env, "setup", "--no-demo")
    return int(panal(env, "shell", "-c", CREATE_ACTIVITY.format(seats=seats)).strip().splitlines()[-1])


def db_state(env: dict, activity_id: int, *, with_mail: bool = False):
    lines = panal(env, "shell", "-c", STATE.format(activity_id=activity_id)).strip().splitlines()
    state = json.loads(lines[-1])
    return (state, json.loads(lines[-2])) if with_mail else state


def request(port: int, method: str, path: str, body: dict | None = None, timeout: float = 60) -> tuple[int, dict]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        payload = json.dumps(body).encode() if body is not None else None
        headers = {"Content-Type": "application/json"} if body is not None else {}
        connection.request(method, path, body=payload, headers=headers)
        response = connection.getresponse()
        data = response.read()
        try:
            parsed = json.loads(data) if data else {}
        except ValueError:
            parsed = {"raw": data[:200].decode(errors="replace")}
        return response.status, parsed
    finally:
        connection.close()


def rush(port, activity_id: int, emails: list[str], threads: int) -> list[tuple[str, int, dict]]:
    """POST one registration per email, all at once from `threads` clients. Returns (email, status, body);
    status 0 means the client got no answer (connection error, timeout). With several ports (nodes), the clients
    alternate between them."""
    ports = port if isinstance(port, list) else [port]
    index = {email: i for i, email in enumerate(emails)}

    def one(email: str):
        try:
            status, body = request(
                ports[index[email] % len(ports)],
                "POST",
                f"/api/v1/activities/{activity_id}/registrations",
                {"name": "Persona", "email": email},
            )
        except OSError as exc:
            return email, 0, {"error": str(exc)}
        return email, status, body

    with ThreadPoolExecutor(max_workers=threads) as pool:
        return list(pool.map(one, emails))


def cancel_all(port, codes: list[str], threads: int) -> list[tuple[str, int, dict]]:
    ports = port if isinstance(port, list) else [port]
    index = {code: i for i, code in enumerate(codes)}

    def one(code: str):
        try:
            status, body = request(ports[index[code] % len(ports)], "DELETE", f"/api/v1/registrations/{code}")
        except OSError as exc:
            return code, 0, {"error": str(exc)}
        return code, status, body

    with ThreadPoolExecutor(max_workers=threads) as pool:
        return list(pool.map(one, codes))


def audit(results, cancellations, state, *, seats: int) -> dict:
    """Compare what clients were told with what the database holds."""
    rows = {email: (code, status, promoted) for email, code, status, promoted in state}
    by_code = {code: status for _, code, status, _ in state}
    told = {"confirmed": 0, "waitlisted": 0}
    lost = server_errors = 0
    for email, status, body in results:
        if status >= 500 or status == 0:
            server_errors += 1
        if status == 200 and body.get("status") == "already_registered":
            if email not in rows:
                lost += 1  # told the e-mail was registered, but it is not
        elif status in (200, 201):
            told[body["status"]] = told.get(body["status"], 0) + 1
            if rows.get(email, (None,))[0] != body["code"]:
                lost += 1  # told it exists, but it does not (or under another code)
        elif email in rows:
            lost += 1  # told it failed, but it exists
    cancelled = set()
    for code, status, body in cancellations:
        if status >= 500 or status == 0:
            server_errors += 1
        if status == 200 and body.get("status") == "cancelled":
            cancelled.add(code)
            if by_code.get(code) != "cancelled":
                lost += 1
        elif by_code.get(code) == "cancelled":
            lost += 1  # told the cancellation failed, but it happened
    confirmed_now = sum(1 for _, _, status, _ in state if status == "confirmed")
    if confirmed_now > seats:
        lost += confirmed_now - seats  # oversold
    promoted = sum(1 for _, _, status, was_promoted in state if was_promoted and status == "confirmed")
    return {
        "confirmed": told["confirmed"],
        "waitlisted": told["waitlisted"],
        "promoted": promoted,
        "lost": lost,
        "server_errors": server_errors,
        "confirmed_now": confirmed_now,
        "cancelled": len(cancelled),
        "rows": len(state),
    }


def _wait_for_mail(env: dict, activity_id: int, *, seconds: float) -> dict:
    """While the servers still run: wait until the worker has sent every email of the outbox (or `seconds`)."""
    deadline = time.monotonic() + seconds
    while True:
        _, mail = db_state(env, activity_id, with_mail=True)
        if mail["mail_sent"] >= mail["mail_total"] or time.monotonic() > deadline:
            return mail
        time.sleep(3)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--attempts", type=int, default=1000)
    parser.add_argument("--seats", type=int, default=100)
    parser.add_argument("--cancellations", type=int, default=100)
    parser.add_argument("--threads", type=int, default=64)
    parser.add_argument("--workers", type=int, default=None, help="gunicorn workers (default: panal serve's)")
    parser.add_argument("--server-threads", type=int, default=None, help="threads per worker (default: serve's)")
    parser.add_argument("--mail-wait", type=float, default=120, help="seconds to wait for the worker to send the mail")
    parser.add_argument(
        "--nodes", type=int, default=int(os.environ.get("NODES") or 1), help="`panal serve` nodes (one runs the worker)"
    )
    args = parser.parse_args()
    database_url = os.environ.get("DATABASE_URL") or None

    with tempfile.TemporaryDirectory(prefix="panal-register-bench-") as var_dir:
        port = free_port()
        env = make_env(var_dir, database_url, port)
        engine = "PostgreSQL" if database_url else "SQLite"
        print(f"Preparando ({engine}, {var_dir}) ...", flush=True)
        activity_id = prepare(env, seats=args.seats)
        children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
        self_before = resource.getrusage(resource.RUSAGE_SELF)
        emails = [f"persona{i:05d}@bench.example.cl" for i in range(args.attempts)]
        ports = node_ports(port, args.nodes, PORTS)
        with served_nodes(var_dir, database_url, ports, workers=args.workers, threads=args.server_threads):
            started = time.perf_counter()
            results = rush(ports, activity_id, emails, args.threads)
            elapsed = time.perf_counter() - started
            confirmed_codes = [b["code"] for _, s, b in results if s in (200, 201) and b["status"] == "confirmed"]
            started_cancel = time.perf_counter()
            cancellations = cancel_all(ports, confirmed_codes[: args.cancellations], args.threads)
            elapsed_cancel = time.perf_counter() - started_cancel
            mail = _wait_for_mail(env, activity_id, seconds=args.mail_wait)
        sent_messages = messages_written(Path(var_dir) / "mail")
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        client = resource.getrusage(resource.RUSAGE_SELF)
        state = db_state(env, activity_id)
    server_cpu = (children.ru_utime + children.ru_stime) - (children_before.ru_utime + children_before.ru_stime)
    client_cpu = (client.ru_utime + client.ru_stime) - (self_before.ru_utime + self_before.ru_stime)

    summary = audit(results, cancellations, state, seats=args.seats)
    once = sent_messages == mail["mail_sent"]
    rps = args.attempts / elapsed
    print(
        f"{engine}: {args.attempts} inscripciones en {elapsed:.2f} s; {len(cancellations)} cancelaciones en "
        f"{elapsed_cancel:.2f} s ({len(cancellations) / max(elapsed_cancel, 1e-9):.0f}/s); en la base: "
        f"{summary['rows']} inscripciones, {summary['confirmed_now']} confirmadas de {args.seats} cupos, "
        f"{summary['cancelled']} canceladas; correos enviados por el trabajador: {mail['mail_sent']} de "
        f"{mail['mail_total']} ({sent_messages} mensajes escritos). "
        f"CPU: servidor {server_cpu:.1f} s (con arranque y correos), clientes {client_cpu:.1f} s; "
        f"carga de la máquina {os.getloadavg()[0]:.1f}."
    )
    print(
        f"register-bench: attempts={args.attempts} confirmed={summary['confirmed']} "
        f"waitlisted={summary['waitlisted']} promoted={summary['promoted']} lost={summary['lost']} "
        f"server_errors={summary['server_errors']} rps={rps:.0f} db={db_kind()}"
        + (f" nodes={args.nodes}" if args.nodes > 1 else "")
        + f" mail={mail['mail_sent']}/{mail['mail_total']} mail_sent_once={'yes' if once else 'no'}"
    )
    ok = (
        summary["lost"] == 0
        and summary["server_errors"] == 0
        and summary["confirmed_now"] == args.seats
        and summary["rows"] == args.attempts
        and once
    )
    return 0 if ok else 1


if __name__ == "__main__":
    from _pgtemp import use_temporary_database

    use_temporary_database("register")
    sys.exit(main())
