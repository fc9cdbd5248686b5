"""The API's errors: a status and a JSON body `{"error": {"code": ..., "message": ...}}`."""


class ApiError(Exception):
    """A request the API refuses; `code` is stable for programs, `message` is for people."""

    def __init__(self, status: int, code: str, message: str, parameter: str | None = None):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.parameter = parameter

    def body(self) -> dict:
        error = {"code": self.code, "message": self.message}
        if self.parameter is not None:
            error["parameter"] = self.parameter
        return {"error": error}


def bad_parameter(name: str, message: str, code: str = "invalid_parameter") -> ApiError:
    """A 400 naming the parameter; `code` says what kind of mistake (unknown_parameter, invalid_cursor...)."""
    return ApiError(400, code, message, name)


def not_found(kind: str) -> ApiError:
    return ApiError(404, "not_found", f"No public {kind} has this identifier.")
