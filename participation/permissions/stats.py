"""Permission rules for stats: pure functions of (user, thing).

Response times are public. A grouping's dashboard is for its representatives
and for administrators whose scope covers the grouping (everywhere, or its
region); a moderator of a member municipality or a representative of another
grouping is refused.
"""

from .scopes import scope_of


def can_view_response_times(user) -> bool:
    """Everybody, signed in or not."""
    return True


def can_view_dashboard(user, grouping) -> bool:
    """Representatives of the grouping and administrators covering it."""
    if grouping is None:
        return False
    scope = scope_of(user)
    if scope.everywhere:
        return True
    if grouping.id in scope.represented_grouping_ids:
        return True
    return scope.administrator and grouping.id in scope.grouping_ids
