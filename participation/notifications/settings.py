"""Auto-follow switches, read by participation.follows.services.auto_follow."""

from participation.extensions import db
from participation.notifications.models import NotificationSettings


def auto_follow_enabled(user, trigger: str) -> bool:
    """On unless the user switched it off in their notification preferences."""
    settings = db.session.get(NotificationSettings, user.id)
    if settings is None:
        return True
    return bool(getattr(settings, f"auto_follow_{trigger}", True))
