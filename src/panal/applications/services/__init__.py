"""Every write of the applications app, one module per part of the chain:

- `submission`: the applicant's side (start, draft, upload, submit, accept or decline);
- `review`: admissibility, evaluators, conflicts of interest, scores, clarifications;
- `committee`: sessions, decisions, awards within the call's budget, the waitlist;
- `call_forms`: a call's form and rubric; `tokens`: API tokens and idempotency;
- `declarations`: the call's bases and sworn declaration (versioned), its PDFs and its question period;
- `reconsideration`: the recurso de reposición, filed by the applicant and resolved by staff;
- `common`: the transition every state change goes through and the audit of refusals.

Every public service refuses bad input with a DomainError naming the field and changes nothing; the refusal is
itself written to the audit log (outside the rolled-back transaction) so that tampering attempts leave a trace.
Callers import from `panal.applications.services`; the submodules are an internal layout.
"""

from . import declarations  # noqa: F401
from .admissibility import (  # noqa: F401
    check_requirements,
    close_expired_corrections,
    request_correction,
    requirements_of,
    submit_correction,
    verdicts_of,
)
from .call_forms import set_form  # noqa: F401
from .committee import (  # noqa: F401  # noqa: F401
    abstain,
    amount_rule,
    close_session,
    create_session,
    decide,
    decide_batch,
    issue_acta,
    offer_to_waitlist,
    record_attendance,
    reschedule_session,
)
from .common import AdmissibilityError, NotEligibleError, apply_transition, local_time, logs_refusals  # noqa: F401
from .declarations import (  # noqa: F401
    answer_question,
    ask_question,
    attach_call_document,
    publish_terms,
    set_question_dates,
    set_question_period,
)
from .documents import open_document  # noqa: F401
from .reconsideration import contestable, file_reconsideration, resolve_reconsideration  # noqa: F401
from .results import ADMISSIBLE_STATES, publish_results  # noqa: F401
from .review import (  # noqa: F401
    answer_clarification,
    assign_evaluator,
    declare_conflict,
    declare_conflicts,
    request_clarification,
    review,
    score,
    weighted_total,
)
from .submission import (  # noqa: F401
    admissibility_problems,
    eligibility_at_start,
    get_own_application,
    log_tampering,
    respond_to_award,
    save_draft,
    start_application,
    submit_application,
    upload_document,
)
from .tokens import issue_token, remember_response, stored_response, user_for_token  # noqa: F401
