"""Events other apps may react to without applications knowing them (dependencies point downstream)."""

from django.dispatch import Signal

# Sent inside the acceptance's transaction with `application` and `actor`: a receiver that raises undoes the
# acceptance, so an award is never accepted without what depends on it (the portfolio's project).
award_accepted = Signal()

# Sent after the commit that closes the LAST open committee session of a call, with `call`: its decisions are final.
# Outcomes writes its decision snapshot from it; applications does not know who listens.
decisions_closed = Signal()
