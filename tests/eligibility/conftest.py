from datetime import date

import pytest

AS_OF = date(2024, 5, 20)


@pytest.fixture
def verdicts(reference_data):
    """verdicts(profile) → {call_code: result} against every shipped call, at the profile's as_of (AS_OF)."""
    from panal.eligibility.engine import CallSet

    callset = CallSet()

    def run(**profile):
        profile.setdefault("as_of", AS_OF)
        return {r["call"]: r for r in callset.evaluate(profile)}

    return run


def outcome(result: dict, criterion_id: str) -> str:
    return next(c["outcome"] for c in result["criteria"] if c["id"] == criterion_id)
