"""Who may do what with an application or a call's committee (django-rules predicates; services check them
before every transition, views before showing anything).

Every back-office predicate is scoped to the object, never to the role alone: a role says what kind of work an
account does, the object says whose work it is (staff of the call's agency; members of the call's sessions;
evaluators assigned without a conflict). A role-only check let any agency run another's committee and any
committee member read any application (issue 10, holes 6 and 7)."""

import rules

from panal.catalog.selectors import agencies_of
from panal.core.roles import ADMINISTRATOR, AGENCY_STAFF, COMMITTEE_MEMBER, EVALUATOR, has_role

from .models import CommitteeSession
from .selectors import assignments_for


def _call_agency_codes(call) -> set[str]:
    instrument = call.instrument
    codes = {instrument.agency.code}
    if instrument.co_agency is not None:
        codes.add(instrument.co_agency.code)
    return codes


def staff_of_call(user, call) -> bool:
    """Staff of the agency that runs (or co-finances) the call's instrument."""
    if not has_role(user, AGENCY_STAFF):
        return False

    return bool(_call_agency_codes(call) & {a.code for a in agencies_of(user)})


def sits_on_committee_of(user, call) -> bool:
    """A committee-role account that is a member of at least one session of this call."""
    if not has_role(user, COMMITTEE_MEMBER):
        return False

    return CommitteeSession.objects.filter(call=call, members=user).exists()


@rules.predicate
def is_applicant(user, application) -> bool:
    """The account of the person who applies (for an enterprise, the representative who started it)."""
    return bool(getattr(user, "is_authenticated", False)) and application.person.user_id == user.pk


@rules.predicate
def is_administrator(user) -> bool:
    return has_role(user, ADMINISTRATOR)


@rules.predicate
def is_call_staff(user, application) -> bool:
    return staff_of_call(user, application.call)


@rules.predicate
def is_committee_member(user, application) -> bool:
    """A member of a session of the application's call (not any committee account)."""
    return sits_on_committee_of(user, application.call)


@rules.predicate
def is_assigned_evaluator(user, application) -> bool:
    """An evaluator assigned to this application who declared no conflict (and it is not their own)."""
    if not has_role(user, EVALUATOR):
        return False

    return assignments_for(user).filter(application=application, conflict=False).exists()


@rules.predicate
def runs_call(user, call) -> bool:
    return staff_of_call(user, call)


@rules.predicate
def sits_on_call(user, call) -> bool:
    return sits_on_committee_of(user, call)


@rules.predicate
def is_session_member(user, session) -> bool:
    return has_role(user, COMMITTEE_MEMBER) and session.members.filter(pk=user.pk).exists()


@rules.predicate
def runs_session_call(user, session) -> bool:
    return staff_of_call(user, session.call)


# Decisions also require presence in a session with quorum: services check that with the session in hand.
rules.add_perm("applications.submit", is_applicant)
rules.add_perm("applications.respond", is_applicant)
rules.add_perm("applications.review", is_call_staff | is_administrator)
rules.add_perm("applications.decide", is_committee_member | is_administrator)
rules.add_perm("applications.view_as_staff", is_call_staff | is_administrator | is_committee_member)
rules.add_perm(
    "applications.view_documents", is_call_staff | is_administrator | is_committee_member | is_assigned_evaluator
)
rules.add_perm("applications.score", is_assigned_evaluator)
# On a call: its form and rubric (the call's agency or an administrator).
rules.add_perm("applications.manage_call", runs_call | is_administrator)
# On a call: ranking with names, convening sessions, setting members; reading its committee page.
rules.add_perm("applications.run_committee", runs_call | is_administrator)
rules.add_perm("applications.view_committee", runs_call | is_administrator | sits_on_call)
# On a session: its page and acta (members of THAT session, or the call's staff).
rules.add_perm("applications.view_session", runs_session_call | is_administrator | is_session_member)
