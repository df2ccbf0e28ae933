"""Data that several tests of one module read without changing it (a demo that takes seconds to load) is loaded
once per module: inside a transaction that each test's own transaction nests in (a savepoint, so what a test writes
is still rolled back) and that is rolled back after the module's last test."""

import pytest
from django.db import transaction


def loaded_once_per_module(load, *, scope="module"):
    """`demo = loaded_once_per_module(lambda: ...)` in a test module gives a module-scoped fixture `demo`
    (`scope="class"`: loaded once for the tests of one class, rolled back after its last one, so the module's other
    tests can load data that would clash with it). Only for tests with the plain `db` fixture: a
    `transaction=True` test cannot nest in it."""

    @pytest.fixture(scope=scope)
    def fixture(django_db_setup, django_db_blocker):
        from tests.conftest import _ensure_reference_data

        with django_db_blocker.unblock(), transaction.atomic():
            _ensure_reference_data()
            yield load()
            transaction.set_rollback(True)

    return fixture
