"""Permission rules for notifications: pure functions of (user, thing)."""


def _signed_in(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and not user.is_deleted)


def can_read(user, notification) -> bool:
    """A notification is its recipient's alone."""
    return _signed_in(user) and notification.user_id == user.id


def can_manage_preferences(user) -> bool:
    return _signed_in(user)
