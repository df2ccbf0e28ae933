"""Events other apps may react to without applications knowing them (dependencies point downstream)."""

from django.dispatch import Signal

# Sent inside the acceptance's transaction with `application` and `actor`: a receiver that raises undoes the
# acceptance, so an award is never accepted without what depends on it (the portfolio's project).
award_accepted = Signal()
