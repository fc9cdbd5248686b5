"""Posting blocks: asked by every domain that lets users post."""

from collections.abc import Iterable
from datetime import datetime

from flask import g, has_request_context
from flask_babel import lazy_gettext as _l
from sqlalchemy import BindParameter, func, or_, select

from participation.common.formats import moment
from participation.common.models import utcnow
from participation.extensions import db
from participation.moderation.models import PostingBlock


def active_block_clause(user_id, municipality_ids, now=None):
    """Blocks of the user, in force `now`, for anywhere or one of the municipalities.

    Each argument may be a value or a bound parameter (`municipality_ids` an expanding one), for a
    statement built once.
    """
    if isinstance(municipality_ids, BindParameter):
        scope = or_(PostingBlock.municipality_id.is_(None), PostingBlock.municipality_id.in_(municipality_ids))
    else:
        ids = [i for i in municipality_ids if i is not None]
        scope = PostingBlock.municipality_id.is_(None)
        if ids:
            scope = or_(scope, PostingBlock.municipality_id.in_(ids))
    return (
        (PostingBlock.user_id == user_id)
        & PostingBlock.lifted_at.is_(None)
        & (PostingBlock.ends_at > (utcnow() if now is None else now))
        & scope
    )


def is_posting_blocked(user, municipality_ids: Iterable[int] = ()) -> bool:
    """Whether a block stops `user` posting about items touching these municipalities.

    A block without a municipality (set by an administrator) applies everywhere.
    """
    return block_ends_at(user, municipality_ids) is not None


def block_ends_at(user, municipality_ids: Iterable[int] = ()) -> datetime | None:
    """When the last of the blocks that apply ends, for telling the user until when (None: not blocked)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    ids = frozenset(i for i in municipality_ids if i is not None)
    memo = _request_memo()
    key = (user.id, ids)
    if key not in memo:  # a page asks "may they post?" and "until when?" of the same place: one query
        memo[key] = db.session.scalar(select(ends_at_subquery(user.id, ids)))
    return memo[key]


def ends_at_subquery(user_id, municipality_ids, now=None):
    """`block_ends_at` as a column, for a page that asks it in its own statement (`remember_answer`)."""
    return select(func.max(PostingBlock.ends_at)).where(active_block_clause(user_id, municipality_ids, now)).scalar_subquery()


def remember_answer(user, municipality_ids: Iterable[int], ends_at: datetime | None) -> None:
    """What a page's own statement found (`ends_at_subquery`): this request's later questions need no query."""
    _request_memo()[(user.id, frozenset(i for i in municipality_ids if i is not None))] = ends_at


def _request_memo() -> dict:
    """This request's answers (a fresh dict outside requests); forgotten when a block is set or lifted."""
    return g.setdefault("_spolu_posting_blocks", {}) if has_request_context() else {}


def forget_answers() -> None:
    if has_request_context():
        g.pop("_spolu_posting_blocks", None)


def block_message(user, municipality_ids: Iterable[int] = ()):
    """What to tell a blocked user who tries to post here (a lazy string), or None when no block applies."""
    ends_at = block_ends_at(user, municipality_ids)
    if ends_at is None:
        return None
    when = moment(ends_at) if has_request_context() else ends_at.isoformat()
    return _l("A moderator has stopped you from posting here until %(date)s.", date=when)
