"""The refusal every item kind's services raise when a rule says no."""


class Refused(Exception):
    """A rule said no; the message is shown to the user next to the field it concerns."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message
