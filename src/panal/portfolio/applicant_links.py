"""What the applications app may link to from an applicant's page, found through `core.hooks` (portfolio sits above
applications in the layers, so applications never imports it)."""

from .selectors import project_for_award  # noqa: F401  (the hook)
