"""A migrated test database with the reference data loaded, built once and copied into every test database.

Migrating costs ~14 s of CPU (Django renders the migration state of ~90 migrations) and loading the reference data
a few more; each pytest-xdist worker used to pay both. Now the first worker to get there builds a template under a
lock while the others wait, and every later run (while nothing it depends on changes) only copies it:

- SQLite: the test database is in memory; the template is a file in pytest's cache directory
  (`.pytest_cache/d/panal-db/`, see `template_dir`), copied in with SQLite's backup API.
- PostgreSQL: the template is a database `test_<name>_tpl_<key>`; each worker's database is created from it
  (`CREATE DATABASE … TEMPLATE …`, Django's `TEST["TEMPLATE"]`).

The key hashes every file the template's content comes from: the migration files of every installed app (Panal's
and the packages', so an upgrade counts too), the modules those migrations and the reference loaders import from
Panal, the models, the reference data files, and the Python, Django and SQLite versions. A new migration or a
changed CSV gives a new key, hence a new template; the old ones are deleted when a new one is built. A build
writes under a temporary name and renames it when complete (a file rename, `ALTER DATABASE … RENAME`), so an
interrupted build never leaves a template that looks finished; the lock (`flock`, a PostgreSQL advisory lock)
dies with its process.
"""

import fcntl
import hashlib
import os
import re
import sqlite3
import sys
from contextlib import contextmanager
from pathlib import Path

import django
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connections

import panal

TEMPLATE_DIR_NAME = "panal-db"
_PANAL_SOURCE = Path(panal.__file__).parent
_PANAL_IMPORT = re.compile(r"^\s*(?:from|import)\s+(panal(?:\.\w+)+)", re.MULTILINE)


def template_key() -> str:
    digest = hashlib.sha256()
    digest.update(f"{sys.version}|{django.__version__}|{sqlite3.sqlite_version}".encode())
    files: set[Path] = set()
    readers: set[Path] = set()  # Panal files whose imports from Panal count too
    for config in apps.get_app_configs():
        package = Path(config.path)
        migrations = package / "migrations"
        if migrations.is_dir():
            found = set(migrations.glob("*.py"))
            files |= found
            if config.name.startswith("panal."):
                readers |= found
        if config.name.startswith("panal."):
            for name in ("loaders.py", "shipped_forms.py"):
                if (package / name).exists():
                    readers.add(package / name)
            readers |= set(package.glob("models*.py")) | set((package / "models").glob("*.py"))
    files |= readers
    for reader in readers:
        for module in _PANAL_IMPORT.findall(reader.read_text(encoding="utf-8")):
            path = _PANAL_SOURCE.joinpath(*module.split(".")[1:])
            for candidate in (path.with_suffix(".py"), path / "__init__.py"):
                if candidate.exists():
                    files.add(candidate)
    files |= {p for p in (_PANAL_SOURCE / "data").rglob("*") if p.is_file() and "__pycache__" not in p.parts}
    # Each file is named from the directory holding its top package (`django/contrib/auth/migrations/0001_…`), so
    # the same file reached through the `.venv` symlink or its target gives the same key.
    for name, path in sorted((_importable_name(path), path) for path in files):
        digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def _importable_name(path: Path) -> str:
    top = path.parent
    while (top.parent / "__init__.py").exists():
        top = top.parent
    return path.relative_to(top.parent).as_posix()


def template_dir(config) -> Path:
    """pytest's cache directory of this checkout: git ignores it, `pytest --cache-clear` empties it, and each
    worktree (with its own migrations) has its own; the temporary directory if the cache plugin is off."""
    cache = getattr(config, "cache", None)
    if cache is not None:
        return Path(cache.mkdir(TEMPLATE_DIR_NAME))
    path = Path(os.environ.get("TMPDIR", "/tmp")) / f"{TEMPLATE_DIR_NAME}-{os.getuid()}"
    path.mkdir(exist_ok=True)
    return path


def setup_from_template(*, directory: Path, build, serialized_aliases) -> list:
    """Create the test database of `default` from the template, building the template first (with `build()`, which
    migrates and loads this worker's test database the usual way) if it does not exist yet. Returns the value
    `django.test.utils.teardown_databases` expects."""
    connection = connections["default"]
    key = template_key()
    if connection.vendor == "sqlite":
        old_config = _setup_sqlite(connection, directory, key, build)
    elif connection.vendor == "postgresql":
        old_config = _setup_postgresql(connection, key, build)
    else:  # pragma: no cover (Panal runs on SQLite and PostgreSQL only)
        return build()
    if "default" in serialized_aliases:
        connection._test_serialized_contents = connection.creation.serialize_db_to_string()
    return old_config


def _switch_to_test_database(connection) -> str:
    old_name = connection.settings_dict["NAME"]
    test_name = connection.creation._create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    connection.close()
    settings.DATABASES[connection.alias]["NAME"] = test_name
    connection.settings_dict["NAME"] = test_name
    return old_name


def _finish(connection) -> None:
    call_command("createcachetable", database=connection.alias, verbosity=0)
    connection.ensure_connection()


# --- SQLite ----------------------------------------------------------------------------------------------------


@contextmanager
def _file_lock(path: Path):
    with path.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _setup_sqlite(connection, directory: Path, key: str, build) -> list:
    template = directory / f"sqlite-{key}.sqlite3"
    if not template.exists():
        with _file_lock(directory / "build.lock"):
            if not template.exists():
                old_config = build()
                for stale in directory.glob("sqlite-*"):
                    stale.unlink(missing_ok=True)
                partial = directory / f"sqlite-{key}.{os.getpid()}.partial"
                target = sqlite3.connect(partial)
                try:
                    connection.ensure_connection()
                    connection.connection.backup(target)
                finally:
                    target.close()
                os.replace(partial, template)
                return old_config
    old_name = _switch_to_test_database(connection)
    connection.ensure_connection()
    source = sqlite3.connect(f"file:{template}?mode=ro", uri=True)
    try:
        source.backup(connection.connection)
    finally:
        source.close()
    _finish(connection)
    return [(connection, old_name, True)]


# --- PostgreSQL ------------------------------------------------------------------------------------------------


def _setup_postgresql(connection, key: str, build) -> list:
    prefix = f"test_{connection.settings_dict['NAME']}_tpl_"
    template = f"{prefix}{key}"
    lock_id = int.from_bytes(hashlib.sha256(prefix.encode()).digest()[:8], "big", signed=True)
    quote = connection.ops.quote_name
    with connection._nodb_cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [lock_id])
        try:
            cursor.execute("SELECT datname FROM pg_database WHERE starts_with(datname, %s)", [prefix])
            existing = {row[0] for row in cursor.fetchall()}
            if template not in existing:
                old_config = build()
                for stale in existing:  # older keys, and builds that were interrupted
                    cursor.execute(f"DROP DATABASE IF EXISTS {quote(stale)}")
                partial = f"{prefix}partial_{os.getpid()}"
                built = connection.settings_dict["NAME"]
                connection.close()  # a template must have no connection open
                cursor.execute(f"CREATE DATABASE {quote(partial)} TEMPLATE {quote(built)}")
                cursor.execute(f"ALTER DATABASE {quote(partial)} RENAME TO {quote(template)}")
                connection.ensure_connection()
                return old_config
        finally:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [lock_id])
    connection.settings_dict["TEST"]["TEMPLATE"] = template
    try:
        old_name = _switch_to_test_database(connection)
    finally:
        del connection.settings_dict["TEST"]["TEMPLATE"]
    _finish(connection)
    return [(connection, old_name, True)]
