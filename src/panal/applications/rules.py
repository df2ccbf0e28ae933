"""Who may do what with an application (django-rules predicates; checked by services before every transition)."""

import rules

from panal.catalog.selectors import agencies_of
from panal.core.roles import ADMINISTRATOR, AGENCY_STAFF, COMMITTEE_MEMBER, EVALUATOR, has_role


@rules.predicate
def is_applicant(user, application) -> bool:
    """The account of the person who applies (for an enterprise, the representative who started it)."""
    return bool(getattr(user, "is_authenticated", False)) and application.person.user_id == user.pk


@rules.predicate
def is_administrator(user) -> bool:
    return has_role(user, ADMINISTRATOR)


@rules.predicate
def is_call_staff(user, application) -> bool:
    """Staff of the agency that runs (or co-finances) the call's instrument."""
    if not has_role(user, AGENCY_STAFF):
        return False

    instrument = application.call.instrument
    codes = {a.code for a in agencies_of(user)}
    return instrument.agency.code in codes or (instrument.co_agency is not None and instrument.co_agency.code in codes)


@rules.predicate
def is_committee_member(user, application) -> bool:
    return has_role(user, COMMITTEE_MEMBER)


@rules.predicate
def is_evaluator(user, application) -> bool:
    return has_role(user, EVALUATOR)


# Decisions also require membership of a session with quorum: services check that with the session in hand.
rules.add_perm("applications.submit", is_applicant)
rules.add_perm("applications.respond", is_applicant)
rules.add_perm("applications.review", is_call_staff | is_administrator)
rules.add_perm("applications.decide", is_committee_member | is_administrator)
rules.add_perm("applications.view_as_staff", is_call_staff | is_administrator | is_committee_member)
rules.add_perm("applications.score", is_evaluator)
