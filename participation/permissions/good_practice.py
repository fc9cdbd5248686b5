"""Permission rules for good practice: pure functions of (user, thing).

Writers are moderators and representatives whose scope covers at least one of
the write-up's municipalities (or a municipality of its project, or a party of
its agreement), and administrators. Drafts are seen only by their writers.
"""

from .items import authenticated, covers_item, covers_proposal
from .scopes import is_staff


def can_create(user) -> bool:
    """Moderators, representatives and administrators write up good practice."""
    return authenticated(user) and is_staff(user)


def can_write_about_proposal(user, proposal) -> bool:
    """The user's scope covers one of the proposal's municipalities or its grouping."""
    return covers_proposal(user, proposal)


def can_write_about_project(user, project) -> bool:
    """The user's scope covers one of the project's municipalities."""
    return covers_item(user, project)


def can_edit(user, practice) -> bool:
    """Writers in scope edit a write-up, draft or published."""
    if practice is None:
        return False
    return any(covers_item(user, item) for item in (practice, practice.project, practice.agreement))


def can_publish(user, practice) -> bool:
    """Publishing and unpublishing follow the same scope as editing."""
    return can_edit(user, practice)


def can_view(user, practice) -> bool:
    """Published write-ups are public; drafts only for their writers."""
    return practice is not None and (practice.is_published or can_edit(user, practice))


def can_see_drafts(user) -> bool:
    """Whether the list may show this user any drafts at all (those in scope)."""
    return can_create(user)
