"""Permission rules for workspaces: pure functions of (user, thing).

My Spolu is always one's own: the page shows the signed-in user's things and
takes no user id, so nobody can ask for another person's workspace. The inbox
follows the moderation queue: anyone with a role (moderator, representative,
administrator) sees what waits in their scope.

Answer templates belong to one municipality: its moderators and the
administrators covering it write and use them (representatives answer for
their grouping and have none). A template is used only on a proposal that
touches its municipality and that the user may answer.
"""

from . import proposals
from .scopes import covers_municipality, is_office_of, is_staff, scope_of


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


def can_manage_answer_templates(user) -> bool:
    """Moderators of a municipality and administrators: the templates page and the add form."""
    if not _signed_in(user):
        return False
    scope = scope_of(user)
    return scope.administrator or bool(scope.moderated_municipality_ids)


def can_manage_answer_template(user, municipality_id: int | None) -> bool:
    """Write, change or delete a template of this municipality: its office only."""
    return _signed_in(user) and is_office_of(user, municipality_id)


def can_use_answer_template(user, template, proposal) -> bool:
    """Fill an official answer from the template: the template's office, on a proposal touching its municipality."""
    if template is None or proposal is None:
        return False
    if template.municipality_id not in {m.id for m in proposal.municipalities}:
        return False
    return can_manage_answer_template(user, template.municipality_id) and proposals.can_answer(user, proposal)
