import pytest

from tests.portfolio.conftest import builders  # noqa: F401  (the same builders)


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def admin_user(make_user):
    return make_user(email="dpd@goreohiggins.cl", role="administrator")


@pytest.fixture
def applicant(client, make_user):
    user = make_user(email="ana@example.cl", role="applicant")
    client.force_login(user)
    return user
