"""Permission rules for projects: pure functions of (user, thing)."""

from .items import authenticated, covers_item, covers_proposal
from .scopes import is_staff


def can_create_project(user) -> bool:
    """Representatives, moderators and administrators record projects."""
    return authenticated(user) and is_staff(user)


def can_edit_project(user, project) -> bool:
    """Editors are those whose scope covers at least one of the project's municipalities."""
    return covers_item(user, project)


def can_link_proposal(user, proposal) -> bool:
    """The moderator covering a proposal links it to a project, unlinks it, marks it solved."""
    return covers_proposal(user, proposal)
