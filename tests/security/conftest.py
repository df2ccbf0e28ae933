from tests.portfolio.conftest import builders  # noqa: F401  (the same builders)
