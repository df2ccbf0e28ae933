"""The capacity race for real: a live Panal (gunicorn started as `make run` does, on the test run's database
engine) receives concurrent registrations, same-email doubles and cancellations from many client threads."""

import importlib.util
import sqlite3
from collections import Counter
from pathlib import Path

import pytest
from django.db import connection

BENCH = Path(__file__).resolve().parents[2] / "bench" / "register_bench.py"


def load_bench():
    spec = importlib.util.spec_from_file_location("register_bench", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def database_url(var_dir: Path) -> str | None:
    """The server's database: on PostgreSQL the test database itself; on SQLite (whose test database lives in memory)
    its own file, a copy of the test database, already migrated and holding the reference data (migrating a new
    file from nothing costs half a minute)."""
    if connection.vendor != "postgresql":
        connection.ensure_connection()
        copy = sqlite3.connect(var_dir / "panal.sqlite3")
        connection.connection.backup(copy)
        copy.close()
        return None  # the server's default file in its PANAL_VAR_DIR, as `make run` has
    s = connection.settings_dict
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    return f"postgres://{s['USER']}{password}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_never_oversell_and_doubles_get_the_same_registration(tmp_path, reference_data):
    bench = load_bench()
    port = bench.free_port()
    env = bench.make_env(str(tmp_path), database_url(tmp_path), port)
    seats = 20
    activity_id = bench.prepare(env, seats=seats, full_setup=False)
    emails = [f"persona{i:03d}@carrera.example.cl" for i in range(120)]
    doubles = emails[:30]  # the same people clicking twice, at the same time as everyone else

    with bench.served(env, port):
        results = bench.rush(port, activity_id, emails + doubles, threads=32)
        by_email: dict[str, list] = {}
        for email, status, body in results:
            by_email.setdefault(email, []).append((status, body))
        confirmed_codes = sorted(
            body["code"] for email, status, body in results if status == 201 and body["status"] == "confirmed"
        )
        cancellations = bench.cancel_all(port, confirmed_codes[:5], threads=5)
        again = bench.cancel_all(port, confirmed_codes[:5], threads=5)  # a retried DELETE changes nothing
        missing = bench.cancel_all(port, ["no-existe-este-codigo"], threads=1)
        state = bench.db_state(env, activity_id)

    statuses = Counter(status for _, status, _ in results)
    assert set(statuses) <= {200, 201}, statuses  # no server errors, nobody refused
    assert statuses[201] == 120 and statuses[200] == 30
    for email in doubles:  # the second answer never carries the code: it is e-mailed to the address again
        answers = sorted(by_email[email], key=lambda answer: answer[0])
        assert [status for status, _ in answers] == [200, 201]
        assert answers[0][1] == {"code": None, "status": "already_registered", "position": None}
    told = Counter(body["status"] for _, status, body in results if status == 201)
    assert told == {"confirmed": seats, "waitlisted": 100}
    positions = sorted(body["position"] for _, status, body in results if status == 201 and body["position"])
    assert positions == list(range(1, 101))

    assert [status for _, status, _ in cancellations] == [200] * 5
    assert [body["status"] for _, status, body in again] == ["cancelled"] * 5
    assert missing[0][1] == 404

    summary = bench.audit(results, cancellations, state, seats=seats)
    assert summary["lost"] == 0 and summary["server_errors"] == 0
    assert len(state) == 120  # one registration per email, whatever the doubles
    in_db = Counter(status for _, _, status, _ in state)
    assert in_db == {"confirmed": seats, "waitlisted": 95, "cancelled": 5}
    # the five promoted are the first five of the waitlist, in order of registration
    waitlisted_in_order = [row for row in state if row[3] or row[2] == "waitlisted"]
    assert [row[3] for row in waitlisted_in_order[:5]] == [True] * 5
    assert not any(row[3] for row in waitlisted_in_order[5:])
