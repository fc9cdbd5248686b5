"""The refusal a domain's services raise and its form pages show next to the fields."""


class Invalid(Exception):
    """The rules refused the change; `errors` maps a field name to the message shown next to it."""

    def __init__(self, errors: dict):
        super().__init__(", ".join(errors))
        self.errors = errors
