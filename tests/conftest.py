"""Shared test set-up: Chile's reference data is loaded once into the test database."""

import pytest
from django.core.management import call_command
from hypothesis import settings as hypothesis_settings

# Property tests that leave their size to the profile (tests/eligibility: 200 random populations, ~16 s) run at full
# size with plain `pytest`, `make test` and CI; `make test-fast`, the loop while working, passes
# `--hypothesis-profile=fast` and runs a quarter of the examples (a failure found once is replayed first from
# .hypothesis/ in every later run, whatever the profile).
hypothesis_settings.register_profile("full", max_examples=200)
hypothesis_settings.register_profile("fast", max_examples=50)
hypothesis_settings.load_profile("full")

# Chile's territory, UF values and SII activities never change in a test: the flush that ends each transactional
# test keeps their tables, so the next test does not spend seconds loading them again.
KEPT_APPS = ("territory", "reference")


def _kept_tables() -> set[str]:
    from django.apps import apps

    return {model._meta.db_table for label in KEPT_APPS for model in apps.get_app_config(label).get_models()}


def _ensure_reference_data() -> None:
    from panal.catalog.models import Agency
    from panal.core.hooks import app_hooks
    from panal.territory.models import Commune

    if not Commune.objects.exists():
        call_command("load_reference", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    elif not Agency.objects.exists():  # a flush emptied the catalogue and the forms but kept the territory
        for label, load in app_hooks("loaders", "load_reference"):
            if label not in KEPT_APPS:
                load()


@pytest.fixture(scope="session")
def django_db_setup(  # noqa: PLR0917 (pytest-django's fixtures)
    request,
    django_test_environment,
    django_db_blocker,
    django_db_use_migrations,
    django_db_keepdb,
    django_db_createdb,
    django_db_modify_db_settings,
):
    """pytest-django's set-up of the test database, but copied from a migrated template with the reference data
    (tests/db_template.py) instead of migrated by every worker. `--reuse-db` and `--no-migrations` keep
    pytest-django's own way."""
    from django.test.utils import setup_databases, teardown_databases
    from pytest_django.fixtures import _disable_migrations, _get_databases_for_setup

    from tests import db_template

    aliases, serialized_aliases = _get_databases_for_setup(request.session.items)
    keepdb = django_db_keepdb and not django_db_createdb
    if not django_db_use_migrations:
        _disable_migrations()

    def build():
        old_config = setup_databases(
            verbosity=request.config.option.verbose,
            interactive=False,
            aliases=aliases,
            serialized_aliases=serialized_aliases,
            keepdb=keepdb,
        )
        _ensure_reference_data()
        return old_config

    with django_db_blocker.unblock():
        if keepdb or not django_db_use_migrations or aliases != {"default"}:
            old_config = build()
        else:
            old_config = db_template.setup_from_template(
                directory=db_template.template_dir(request.config), build=build, serialized_aliases=serialized_aliases
            )
    yield
    if not keepdb:
        with django_db_blocker.unblock():
            _end_other_sessions()
            teardown_databases(old_config, verbosity=request.config.option.verbose)


def _end_other_sessions() -> None:
    """PostgreSQL refuses to drop a database someone is connected to. Once every test has run, a connection still open
    to this worker's test database can only be a test's leftover (a server it started that is still shutting down, a
    thread's connection): it is ended, so the drop does not fail the run (seen once in CI: «database test_panal_gw1 is
    being accessed by other users»)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    name = connection.settings_dict["NAME"]
    connection.close()
    with connection._nodb_cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            [name],
        )


@pytest.fixture(scope="session", autouse=True)
def _flush_keeps_reference_data_and_may_clear_the_audit_log():
    """Transactional tests end with a flush (DELETE FROM every table on SQLite, TRUNCATE on PostgreSQL). It keeps the
    reference tables (above); and the audit log's trigger refuses deletes unless this maintenance flag is up
    (PostgreSQL's TRUNCATE is left alone by the trigger)."""
    from django.db import transaction
    from django.db.backends.postgresql.operations import DatabaseOperations as PostgresOperations
    from django.db.backends.sqlite3.base import DatabaseWrapper
    from django.test import TransactionTestCase

    from panal.core import audit

    SqliteOperations = DatabaseWrapper.ops_class  # noqa: N806 (imported via the wrapper: a direct import cycles)
    kept = _kept_tables()
    originals = {ops: ops.sql_flush for ops in (SqliteOperations, PostgresOperations)}
    original_execute = SqliteOperations.execute_sql_flush

    def keeping(ops):
        def sql_flush(self, style, tables, **kwargs):
            return originals[ops](self, style, [t for t in tables if t not in kept], **kwargs)

        return sql_flush

    def execute_sql_flush(self, sql_list):
        audit._maintenance["on"] = True
        try:
            return original_execute(self, sql_list)
        finally:
            audit._maintenance["on"] = False

    # The catalogue and the forms are reference data too, but tests change them, so the flush empties them: they are
    # loaded again right after it (committed, as the flush is), so that every test starts with the reference data
    # whatever ran before it. Loaded lazily instead, inside each later test's rolled-back transaction, they were
    # loaded again by every such test.
    original_teardown = TransactionTestCase._fixture_teardown

    def _fixture_teardown(self):
        original_teardown(self)
        with transaction.atomic():
            _ensure_reference_data()

    for ops in originals:
        ops.sql_flush = keeping(ops)
    SqliteOperations.execute_sql_flush = execute_sql_flush
    TransactionTestCase._fixture_teardown = _fixture_teardown
    yield
    for ops, original in originals.items():
        ops.sql_flush = original
    SqliteOperations.execute_sql_flush = original_execute
    TransactionTestCase._fixture_teardown = original_teardown


@pytest.fixture
def security_log(caplog):
    """The refusals written to the `panal.security` log: `security_log("applications.refused.review")` counts lines."""
    import logging

    from panal.core import security_log as log

    log._windows.clear()  # each test starts with empty rate-limit windows
    caplog.set_level(logging.WARNING, logger="panal.security")

    def count(text: str) -> int:
        return sum(1 for r in caplog.records if r.name == "panal.security" and text in r.getMessage())

    return count


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    """Tests send many writes from one address; tests/security/test_rate_limits.py switches the limits back on."""
    settings.RATELIMIT_ENABLE = False


@pytest.fixture
def reference_data(db):
    """Regions, communes, UF, SII activities and agencies; reloaded if a transactional test flushed them."""
    _ensure_reference_data()


@pytest.fixture
def make_user(reference_data):  # staff name their agency: the agencies must be there, even after a flush
    from panal.catalog.services import create_user

    def make(email="persona@example.cl", role="applicant", agency_code=None, password="clave-segura-123"):
        user, _ = create_user(email=email, role=role, agency_code=agency_code, password=password)
        return user

    return make


@pytest.fixture(autouse=True, scope="session")
def _test_settings():
    """For every test: background jobs run in-process right after the commit (no worker, as `panal.core.jobs`
    says); a fast password hasher (the real one spends ~0.3 s of CPU per login, on purpose); uploads in memory."""
    from django.test import override_settings

    override = override_settings(
        PANAL_JOBS_IMMEDIATE=True,
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
            "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
        },
    )
    override.enable()
    yield
    override.disable()


@pytest.fixture(autouse=True, scope="session")
def _static_files_listed_once():
    """WhiteNoise lists every static file of every app when its middleware is built (~60 ms: Django's admin alone
    has hundreds), which a server does once; the test client builds the middleware again for every new client, so
    once per test. The list is kept per configuration that shapes it, and a middleware built later with the same
    one gets a copy (the files served and their headers are the same)."""
    from django.conf import settings
    from whitenoise.middleware import WhiteNoiseMiddleware

    original = WhiteNoiseMiddleware.add_files_from_finders
    listed: dict[tuple, dict] = {}

    def add_files_from_finders(self):
        shaping = ("WHITENOISE_", "STATIC", "INSTALLED_APPS", "DEBUG", "FORCE_SCRIPT_NAME")
        key = repr([(name, getattr(settings, name)) for name in sorted(dir(settings)) if name.startswith(shaping)])
        if key not in listed:
            before = dict(self.files)
            original(self)
            listed[key] = {url: found for url, found in self.files.items() if before.get(url) is not found}
        self.files.update(listed[key])

    WhiteNoiseMiddleware.add_files_from_finders = add_files_from_finders
    yield
    WhiteNoiseMiddleware.add_files_from_finders = original


@pytest.fixture(autouse=True)
def _empty_cache():
    """Pages keep computed aggregates in the cache keyed by the data's version; a rolled-back test can leave a
    version the next test reaches again with other rows, so each test starts with an empty cache."""
    from django.core.cache import cache

    cache.clear()
    yield


# --- Slowest modules first ---------------------------------------------------------------------------------------
# pytest-xdist's worksteal hands each worker a contiguous share and lets an idle worker take half of another's
# queue, but a single long test (the crawl of tests/test_words_people_read.py, the capacity race) that starts late
# leaves the other worker idle until it ends. Each run keeps every module's time in pytest's cache, and the next run
# starts with the slowest modules (each module's tests stay together and in order, so its fixtures are set up once;
# a module never timed goes last). Both workers read the same cache, so they collect the same order.
DURATIONS_KEY = "panal/module-seconds"


def _module(nodeid: str) -> str:
    return nodeid.split("::", 1)[0]


def pytest_collection_modifyitems(config, items):
    seconds = config.cache.get(DURATIONS_KEY, {}) if getattr(config, "cache", None) else {}
    if seconds:
        items.sort(key=lambda item: -seconds.get(_module(item.nodeid), 0.0))


def pytest_runtest_logreport(report):
    _timed[_module(report.nodeid)] = _timed.get(_module(report.nodeid), 0.0) + report.duration


def pytest_sessionfinish(session):
    config = session.config
    if hasattr(config, "workerinput") or getattr(config, "cache", None) is None or not _timed:
        return  # a worker's reports reach the controller, which keeps them
    config.cache.set(DURATIONS_KEY, config.cache.get(DURATIONS_KEY, {}) | {k: round(v, 2) for k, v in _timed.items()})


_timed: dict[str, float] = {}
