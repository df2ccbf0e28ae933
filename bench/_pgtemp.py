"""Benchmarks on PostgreSQL run in a temporary database of their own, so one run never sees another's rows.

`use_temporary_database("figures")` — when DATABASE_URL names a PostgreSQL database — creates
`<that name>_<label>_<pid>` on the same server, points DATABASE_URL at it (servers the benchmark starts inherit
it) and drops it when the process exits. Without DATABASE_URL it does nothing (the benchmark uses SQLite)."""

import atexit
import os
from urllib.parse import urlsplit, urlunsplit


def use_temporary_database(label: str) -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return None
    import psycopg

    parts = urlsplit(url)
    base = parts.path.lstrip("/") or "postgres"
    name = f"{base}_{label}_{os.getpid()}"
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{name}"))

    def drop() -> None:
        try:
            from django.db import connections

            connections.close_all()
        except Exception:  # noqa: S110 (Django may not be set up; the drop below still runs)
            pass
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    atexit.register(drop)
    print(f"database: PostgreSQL (temporary database {name}, dropped at the end)")
    return name
