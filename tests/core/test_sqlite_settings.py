"""SQLite runs with WAL, IMMEDIATE transactions and a busy timeout however it is configured: the default file or
DATABASE_URL=sqlite:///… (which used to drop all three silently)."""

import json
import os
import subprocess
import sys

import pytest

PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.db import connection
with connection.cursor() as c:
    c.execute("PRAGMA journal_mode"); mode = c.fetchone()[0]
    c.execute("PRAGMA busy_timeout"); busy = c.fetchone()[0]
    c.execute("PRAGMA foreign_keys"); fk = c.fetchone()[0]
options = settings.DATABASES["default"]["OPTIONS"]
print(json.dumps({"mode": mode, "busy": busy, "fk": fk, "tx": options.get("transaction_mode"),
                  "age": settings.DATABASES["default"]["CONN_MAX_AGE"]}))
"""


@pytest.mark.parametrize("how", ["default file", "DATABASE_URL"])
def test_sqlite_gets_wal_immediate_and_busy_timeout(tmp_path, how):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env |= {"DJANGO_SETTINGS_MODULE": "panal.settings", "PANAL_VAR_DIR": str(tmp_path)}
    if how == "DATABASE_URL":
        env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'otra.sqlite3'}"
    out = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True)
    found = json.loads(out.stdout.strip().splitlines()[-1])
    assert found == {"mode": "wal", "busy": 30000, "fk": 1, "tx": "IMMEDIATE", "age": 600}
