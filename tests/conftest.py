"""Shared test set-up: Chile's reference data is loaded once into the test database."""

import pytest
from django.core.management import call_command


def _ensure_reference_data() -> None:
    from panal.territory.models import Commune

    if not Commune.objects.exists():
        call_command("load_reference", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        _ensure_reference_data()


@pytest.fixture
def reference_data(db):
    """Regions, communes, UF, SII activities and agencies; reloaded if a transactional test flushed them."""
    _ensure_reference_data()


@pytest.fixture
def make_user(db):
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


@pytest.fixture(autouse=True)
def _empty_cache():
    """Pages keep computed aggregates in the cache keyed by the data's version; a rolled-back test can leave a
    version the next test reaches again with other rows, so each test starts with an empty cache."""
    from django.core.cache import cache

    cache.clear()
    yield
