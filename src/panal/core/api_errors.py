"""Errors the API turns into JSON with a Spanish message (see panal.api)."""


class ApiError(Exception):
    status_code = 400

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class ApiNotFound(ApiError):
    status_code = 404
