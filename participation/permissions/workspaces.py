"""Permission rules for workspaces: pure functions of (user, thing).

My Spolu is always one's own: the page shows the signed-in user's things and
takes no user id, so nobody can ask for another person's workspace. The inbox
follows the moderation queue: anyone with a role (moderator, representative,
administrator) sees what waits in their scope.
"""

from . import proposals
from .scopes import covers_municipality, is_staff


def _signed_in(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False)
                and not getattr(user, "is_deleted", False))


def can_view_mine(user) -> bool:
    """Any signed-in user has their own My Spolu."""
    return _signed_in(user)


def can_view_inbox(user) -> bool:
    """Moderators, representatives and administrators: whoever has a scope."""
    return _signed_in(user) and is_staff(user)


def can_filter_by_municipality(user, municipality_id: int | None) -> bool:
    """The municipality filter offers (and accepts) only municipalities in the user's scope."""
    return can_view_inbox(user) and covers_municipality(user, municipality_id)


def can_bulk_change_status(user, proposal) -> bool:
    """The same rule as changing one proposal's status on its own page."""
    return proposals.can_change_status(user, proposal)
