"""Auto-follow switches: stored in the notification settings, read by participation.follows.services."""

from participation.follows.services import auto_follow_enabled

__all__ = ["auto_follow_enabled"]
