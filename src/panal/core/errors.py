"""Domain errors: raised by services with a Spanish message a user can read as it is."""


class DomainError(Exception):
    """A rule of the domain refused the operation; nothing was changed."""

    def __init__(self, message: str, *, field: str | None = None, code: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code

    def __str__(self) -> str:
        return self.message


class NotFound(DomainError):
    """The object asked for does not exist."""


class PermissionDenied(DomainError):
    """The actor may not do this."""
