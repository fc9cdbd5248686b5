"""Events worth telling people about, follows, and their delivery."""

# Registers the after-commit callback that queues the fan-out of recorded events.
from participation.notifications import events  # noqa: F401
