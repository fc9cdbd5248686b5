"""Permission rules for moderation: pure functions of (user, thing).

An item (a proposal or a comment, see participation.moderation.items.Item) is
in a moderator's scope when the scope covers any municipality the item's
proposal touches, or its grouping.
"""

from participation.permissions.scopes import (
    covers_any_municipality,
    covers_grouping,
    covers_municipality,
    is_staff,
    scope_of,
)


def _signed_in(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False)
                and not getattr(user, "is_deleted", False))


def can_view_queue(user) -> bool:
    return _signed_in(user) and is_staff(user)


def can_moderate(user, item) -> bool:
    """Hide, unhide or dismiss the reports of an item in one's scope."""
    if not _signed_in(user) or item is None:
        return False
    return covers_any_municipality(user, item.municipality_ids) or (
        item.grouping_id is not None and covers_grouping(user, item.grouping_id)
    )


def can_report(user, item) -> bool:
    """Any signed-in user, except about their own item."""
    if not _signed_in(user) or item is None:
        return False
    return item.author_id is None or item.author_id != user.id


def can_block(user, municipality_id: int | None) -> bool:
    """Moderators block within their municipalities; only administrators everywhere."""
    if not _signed_in(user):
        return False
    if municipality_id is None:
        return scope_of(user).everywhere
    return covers_municipality(user, municipality_id)


def can_lift_block(user, block) -> bool:
    return can_block(user, block.municipality_id)
