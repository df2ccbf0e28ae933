"""Security regressions reuse the Semana's builders (an edition, activities, registrations via the services)."""

from tests.applications.conftest import (  # noqa: E402, F401 (fixtures)
    _media_in_tmp_and_fast_passwords,
    complete_draft,
    make_applicant,
    make_call,
)
from tests.events.conftest import (  # noqa: F401 (fixtures)
    edition,
    fresh_agenda_cache,
    make_activity,
    past_edition,
    register,
)
from tests.portfolio.conftest import builders  # noqa: E402, F401 (fixtures)
