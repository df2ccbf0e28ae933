"""Events other apps may react to without applications knowing them (dependencies point downstream)."""

from django.dispatch import Signal

# Sent inside the acceptance's transaction with `application` and `actor`: a receiver that raises undoes the
# acceptance, so an award is never accepted without what depends on it (the portfolio's project).
award_accepted = Signal()

# Sent inside the submission's transaction with `application`, checked and about to be submitted but before it gets
# its folio (every submission to the call waits for the folio's lock, so receivers run before it is taken; a receiver
# that raises undoes the submission): outcomes stores the baseline answers as the applicant's first row of the panel.
application_submitted = Signal()

# Sent after the commit that closes the LAST open committee session of a call, with `call`: its decisions are final.
# Outcomes freezes them (decision snapshot) and schedules
# the follow-up surveys of every admissible applicant; applications does not know who listens.
decisions_closed = Signal()
