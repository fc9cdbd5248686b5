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


def _municipality_ids(item) -> list[int]:
    """The municipalities of an Item, or of a proposal as templates pass it."""
    ids = getattr(item, "municipality_ids", None)
    if ids is None:
        ids = [m.id for m in getattr(item, "municipalities", None) or []]
    return list(ids)


def is_author_of(user, item) -> bool:
    return item.author_id is not None and item.author_id == user.id


def may_report_at_all(user, item) -> bool:
    """Confirmed accounts in good standing: not blocked from posting where the item is."""
    from participation.moderation.blocks import is_posting_blocked

    return bool(getattr(user, "is_confirmed", False)) and not is_posting_blocked(user, _municipality_ids(item))


def can_report(user, item) -> bool:
    """A confirmed, unblocked, signed-in user, except about their own item."""
    if not _signed_in(user) or item is None:
        return False
    return not is_author_of(user, item) and may_report_at_all(user, item)


def can_block(user, municipality_id: int | None) -> bool:
    """Moderators block within their municipalities; only administrators everywhere."""
    if not _signed_in(user):
        return False
    if municipality_id is None:
        return scope_of(user).everywhere
    return covers_municipality(user, municipality_id)


def can_block_user(user, target, municipality_id: int | None) -> bool:
    """can_block, but never someone whose scope is as wide as one's own there.

    Nobody blocks an administrator of everywhere; a regional administrator only
    an administrator of everywhere may block. An administrator may block a
    moderator or representative; a moderator may not block another moderator
    (or representative) whose scope covers the same municipality.
    """
    if not can_block(user, municipality_id) or target is None or target.id == user.id:
        return False
    own, theirs = scope_of(user), scope_of(target)
    if theirs.everywhere:
        return False
    if own.everywhere:
        return True
    if theirs.administrator:
        return False
    if own.administrator:
        return True
    return municipality_id is not None and not covers_municipality(target, municipality_id)


def can_lift_block(user, block) -> bool:
    return can_block(user, block.municipality_id)
