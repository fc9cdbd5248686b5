"""Permission rules for agreements: pure functions of (user, thing)."""

from .items import authenticated, covers_item, covers_proposal
from .scopes import is_staff


def can_create_agreement(user) -> bool:
    """Representatives, moderators and administrators record agreements."""
    return authenticated(user) and is_staff(user)


def can_edit_agreement(user, agreement) -> bool:
    """Editors are those whose scope covers at least one party."""
    return covers_item(user, agreement)


def can_view_agreement(user, agreement) -> bool:
    """Drafts are visible only to those who may edit them."""
    return not agreement.is_draft or can_edit_agreement(user, agreement)


def can_tie_proposal(user, proposal) -> bool:
    """A moderator (or representative) whose scope covers the proposal ties and unties it."""
    return covers_proposal(user, proposal)
