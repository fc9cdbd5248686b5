"""Reactions to a proposal (supports, comments): what freezes editing.

Read by the edit rule in participation.permissions.proposals, so it reads
tables only and imports no service.
"""

from sqlalchemy import func, select

from participation.extensions import db
from participation.proposals.models import Proposal


def count_comments(proposal: Proposal) -> int:
    """Comments in the proposal's thread."""
    from participation.comments.models import Comment

    if proposal.thread_id is None:
        return 0
    return db.session.scalar(
        select(func.count()).select_from(Comment).where(Comment.thread_id == proposal.thread_id)
    ) or 0


def count_supports(proposal: Proposal) -> int:
    """The stored supporter count (kept by triggers on `support`)."""
    return db.session.scalar(select(Proposal.supporter_count).where(Proposal.id == proposal.id)) or 0


def _request_cache() -> dict:
    """Per-request memo (emptied by the blueprint before each request)."""
    from flask import g, has_request_context

    if not has_request_context():
        return {}
    return g.setdefault("_spolu_proposal_cache", {})


def remember_support_total(proposal: Proposal, total: int) -> None:
    _request_cache()[("supports", proposal.id)] = total


def remember_support_rows(proposal: Proposal, rows) -> None:
    """The stored per-municipality counts just read after a support (for the panel that follows)."""
    _request_cache()[("support_rows", proposal.id)] = rows


def take_support_rows(proposal: Proposal):
    """The remembered counts, once; None when nothing was remembered in this request."""
    return _request_cache().pop(("support_rows", proposal.id), None)


def has_reactions(proposal: Proposal) -> bool:
    """Has anyone supported or commented? Asked once per request and proposal."""
    cache = _request_cache()
    key = ("reactions", proposal.id)
    if key not in cache:
        supports = cache.get(("supports", proposal.id))
        if supports is None:
            supports = count_supports(proposal)
        cache[key] = supports > 0 or count_comments(proposal) > 0
    return cache[key]
