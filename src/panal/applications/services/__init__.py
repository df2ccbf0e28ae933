"""Every write of the applications app, one module per part of the chain:

- `submission`: the applicant's side (start, draft, upload, submit, accept or decline);
- `review`: admissibility, evaluators, conflicts of interest, scores, clarifications;
- `committee`: sessions, decisions, awards within the call's budget, the waitlist;
- `call_forms`: a call's form and rubric; `tokens`: API tokens and idempotency;
- `common`: the transition every state change goes through and the audit of refusals.

Every public service refuses bad input with a DomainError naming the field and changes nothing; the refusal is
itself written to the audit log (outside the rolled-back transaction) so that tampering attempts leave a trace.
Callers import from `panal.applications.services`; the submodules are an internal layout.
"""

from .call_forms import set_form  # noqa: F401
from .committee import close_session, create_session, decide, decide_batch, offer_to_waitlist, record_attendance  # noqa: F401
from .common import AdmissibilityError, apply_transition, local_time, logs_refusals  # noqa: F401
from .review import (  # noqa: F401
    answer_clarification,
    assign_evaluator,
    declare_conflict,
    request_clarification,
    review,
    score,
    weighted_total,
)
from .submission import (  # noqa: F401
    admissibility_problems,
    get_own_application,
    log_tampering,
    respond_to_award,
    save_draft,
    start_application,
    submit_application,
    upload_document,
)
from .tokens import issue_token, remember_response, stored_response, user_for_token  # noqa: F401
