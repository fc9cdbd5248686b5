"""Permission rules for agreements: pure functions of (user, thing)."""

from .scopes import covers_any_municipality, covers_grouping, is_staff, scope_of


def _authenticated(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False)


def covers_party(user, municipality_ids, grouping_ids) -> bool:
    """The user's scope covers at least one of these parties."""
    if not _authenticated(user):
        return False
    scope = scope_of(user)
    if scope.everywhere:
        return True
    return (not scope.municipality_ids.isdisjoint(municipality_ids)
            or not scope.grouping_ids.isdisjoint(grouping_ids))


def can_create_agreement(user) -> bool:
    """Representatives, moderators and administrators record agreements."""
    return _authenticated(user) and is_staff(user)


def can_edit_agreement(user, agreement) -> bool:
    """Editors are those whose scope covers at least one party."""
    return covers_party(
        user,
        {m.id for m in agreement.municipalities},
        {g.id for g in agreement.groupings},
    )


def can_view_agreement(user, agreement) -> bool:
    """Drafts are visible only to those who may edit them."""
    return not agreement.is_draft or can_edit_agreement(user, agreement)


def can_tie_proposal(user, proposal) -> bool:
    """A moderator (or representative) whose scope covers the proposal ties and unties it."""
    if not _authenticated(user) or proposal is None:
        return False
    return (covers_any_municipality(user, [m.id for m in proposal.municipalities])
            or (proposal.grouping_id is not None and covers_grouping(user, proposal.grouping_id)))
