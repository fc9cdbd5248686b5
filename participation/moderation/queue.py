"""The moderation queue: reported items in a moderator's scope, oldest first."""

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from participation.comments.models import Comment
from participation.comments.subjects import describe_threads, proposals_in_scope, threads_in_scope_clause
from participation.common.models import as_utc
from participation.common.pagination import Page, paginate
from participation.extensions import db
from participation.moderation.items import Item
from participation.moderation.models import Report
from participation.permissions.scopes import scope_of
from participation.proposals.models import Proposal


@dataclass
class QueueEntry:
    item: Item
    first_reported_at: datetime
    reports: list[Report] = field(default_factory=list)


def in_scope_clause(user):
    """Reports about items in the user's scope (None: everywhere)."""
    scope = scope_of(user)
    if scope.everywhere:
        return None
    municipalities, groupings = scope.municipality_ids, scope.grouping_ids
    return or_(
        Report.proposal_id.in_(proposals_in_scope(municipalities, groupings)),
        Report.comment_id.in_(
            select(Comment.id).where(threads_in_scope_clause(Comment.thread_id, municipalities, groupings))
        ),
    )


def queue_page(user, page: int, per_page: int) -> Page:
    """A page of items with open reports, oldest report first, in a fixed number of queries."""
    statement = (
        select(Report.proposal_id, Report.comment_id, func.min(Report.created_at).label("first"))
        .where(Report.resolved_at.is_(None))
        .group_by(Report.proposal_id, Report.comment_id)
        .order_by(func.min(Report.created_at), Report.proposal_id, Report.comment_id)
    )
    clause = in_scope_clause(user)
    if clause is not None:
        statement = statement.where(clause)
    result = paginate(statement, page, per_page, scalars=False)
    rows = result.items
    proposal_ids = [r.proposal_id for r in rows if r.proposal_id]
    comment_ids = [r.comment_id for r in rows if r.comment_id]
    proposals = {p.id: p for p in db.session.scalars(
        select(Proposal).options(selectinload(Proposal.municipalities), joinedload(Proposal.author))
        .where(Proposal.id.in_(proposal_ids))
    )} if proposal_ids else {}
    comments = {c.id: c for c in db.session.scalars(
        select(Comment).options(joinedload(Comment.author)).where(Comment.id.in_(comment_ids))
    )} if comment_ids else {}
    subjects = describe_threads({c.thread_id for c in comments.values()})
    reports: dict[tuple[str, int], list[Report]] = {}
    if rows:
        for entry in db.session.scalars(
            select(Report).where(
                Report.resolved_at.is_(None),
                or_(Report.proposal_id.in_(proposal_ids), Report.comment_id.in_(comment_ids)),
            ).order_by(Report.created_at)
        ):
            key = ("proposal", entry.proposal_id) if entry.proposal_id else ("comment", entry.comment_id)
            reports.setdefault(key, []).append(entry)
    entries = []
    for row in rows:
        if row.proposal_id and row.proposal_id in proposals:
            proposal = proposals[row.proposal_id]
            item = Item("proposal", proposal, frozenset(m.id for m in proposal.municipalities), proposal.grouping_id)
        elif row.comment_id and row.comment_id in comments:
            comment = comments[row.comment_id]
            subject = subjects.get(comment.thread_id)
            item = Item("comment", comment, subject.municipality_ids if subject else frozenset(),
                        subject.grouping_id if subject else None, subject)
        else:
            continue
        entries.append(QueueEntry(item=item, first_reported_at=as_utc(row.first),
                                  reports=reports.get((item.kind, item.id), [])))
    result.items = entries
    return result
