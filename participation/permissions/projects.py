"""Permission rules for projects: pure functions of (user, thing)."""

from .agreements import can_tie_proposal
from .scopes import covers_any_municipality, is_staff


def _authenticated(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False)


def can_create_project(user) -> bool:
    """Representatives, moderators and administrators record projects."""
    return _authenticated(user) and is_staff(user)


def can_edit_project(user, project) -> bool:
    """Editors are those whose scope covers at least one of the project's municipalities."""
    return _authenticated(user) and covers_any_municipality(user, [m.id for m in project.municipalities])


def can_link_proposal(user, proposal) -> bool:
    """The moderator covering a proposal links it to a project, unlinks it, marks it solved."""
    return can_tie_proposal(user, proposal)
