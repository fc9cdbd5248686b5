"""My Spolu: what one resident wrote, supported, said, follows and may still answer.

Each list is one paginated query (a COUNT and a page) plus, for comments, a
fixed number of queries for replies and subjects, so the page costs the same
number of queries whatever the data size.
"""

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import aliased, joinedload

from participation.comments.models import Comment, Thread
from participation.comments.subjects import Subject, registered_types
from participation.common.models import utcnow
from participation.common.pagination import Page, paginate
from participation.consultations.models import (
    Consultation,
    ConsultationStatus,
    Response,
    consultation_municipality,
)
from participation.extensions import db
from participation.follows.models import Follow
from participation.follows.targets import available_types
from participation.proposals.models import Proposal, Support

# The lists on the page, in order; each paginates with "<name>_page".
SECTIONS = ("proposals", "supported", "comments", "follows", "consultations")
# Latest replies shown under each of my comments.
REPLIES_SHOWN = 3


def page_param(section: str) -> str:
    return f"{section}_page"


def _support_count():
    return (
        select(func.count()).where(Support.proposal_id == Proposal.id)
        .correlate(Proposal).scalar_subquery().label("supporters")
    )


@dataclass
class ProposalRow:
    proposal: Proposal
    supporters: int
    supported_at: datetime | None = None


def my_proposals(user, page: int, per_page: int) -> Page:
    """Everything I wrote, drafts and hidden ones included, newest first."""
    statement = (
        select(Proposal, _support_count())
        .where(Proposal.author_id == user.id)
        .order_by(Proposal.created_at.desc(), Proposal.id.desc())
    )
    result = paginate(statement, page, per_page, scalars=False)
    result.items = [ProposalRow(proposal, supporters or 0) for proposal, supporters in result.items]
    return result


def my_supports(user, page: int, per_page: int) -> Page:
    """Proposals I support, the latest support first."""
    statement = (
        select(Proposal, _support_count(), Support.created_at)
        .join(Support, Support.proposal_id == Proposal.id)
        .where(Support.user_id == user.id)
        .order_by(Support.created_at.desc(), Support.id.desc())
    )
    result = paginate(statement, page, per_page, scalars=False)
    result.items = [ProposalRow(p, n or 0, supported_at) for p, n, supported_at in result.items]
    return result


@dataclass
class CommentRow:
    comment: Comment
    subject: Subject | None
    reply_count: int = 0
    replies: list[Comment] = field(default_factory=list)


def _others_replies(parent_ids: list[int], user_id: int):
    """Replies by somebody else (or a deleted account) to the given comments, not deleted."""
    return (
        Comment.parent_id.in_(parent_ids),
        Comment.deleted_at.is_(None),
        or_(Comment.author_id.is_(None), Comment.author_id != user_id),
    )


def my_comments(user, page: int, per_page: int) -> Page:
    """My comments (not the ones I deleted), newest first, with replies to each."""
    statement = (
        select(Comment, Thread.subject_type)
        .join(Thread, Thread.id == Comment.thread_id)
        .where(Comment.author_id == user.id, Comment.deleted_at.is_(None))
        .order_by(Comment.created_at.desc(), Comment.id.desc())
    )
    result = paginate(statement, page, per_page, scalars=False)
    rows = list(result.items)
    ids = [comment.id for comment, _type in rows]
    counts = dict(db.session.execute(
        select(Comment.parent_id, func.count()).where(*_others_replies(ids, user.id))
        .group_by(Comment.parent_id)
    ).all())
    ranked = (
        select(Comment.id, func.row_number().over(
            partition_by=Comment.parent_id, order_by=(Comment.created_at.desc(), Comment.id.desc()),
        ).label("rank"))
        .where(*_others_replies(ids, user.id))
        .subquery()
    )
    replies: dict[int, list[Comment]] = {}
    for reply in db.session.scalars(
        select(Comment).options(joinedload(Comment.author))
        .join(ranked, ranked.c.id == Comment.id).where(ranked.c.rank <= REPLIES_SHOWN)
        .order_by(Comment.created_at.desc(), Comment.id.desc())
    ):
        replies.setdefault(reply.parent_id, []).append(reply)
    subjects = _describe(rows)
    result.items = [
        CommentRow(comment, subjects.get(comment.thread_id), counts.get(comment.id, 0),
                   replies.get(comment.id, []))
        for comment, _type in rows
    ]
    return result


def _describe(rows) -> dict[int, Subject]:
    """What each comment's thread belongs to: one describe call per kind of subject on the page."""
    by_type: dict[str, list[int]] = {}
    for comment, subject_type in rows:
        by_type.setdefault(subject_type, []).append(comment.thread_id)
    types = registered_types()
    subjects: dict[int, Subject] = {}
    for subject_type, thread_ids in by_type.items():
        if subject_type in types:
            subjects.update(types[subject_type].describe(thread_ids))
    return subjects


@dataclass
class FollowRow:
    follow: Follow
    subject_type: str
    target: object


def my_follows(user, page: int, per_page: int) -> Page:
    """Everything I follow, of every kind, in one query (an outer join per kind)."""
    kinds = available_types()
    targets = [aliased(kind.model, name=f"followed_{kind.name}") for kind in kinds]
    statement = select(Follow, *targets).where(Follow.user_id == user.id)
    for kind, target in zip(kinds, targets, strict=True):
        statement = statement.outerjoin(target, kind.column == target.id)
    statement = statement.order_by(Follow.created_at.desc(), Follow.id.desc())
    result = paginate(statement, page, per_page, scalars=False)
    items = []
    for row in result.items:
        follow, found = row[0], row[1:]
        for kind, target in zip(kinds, found, strict=True):
            if target is not None:
                items.append(FollowRow(follow, kind.name, target))
                break
    result.items = items
    return result


def open_consultations(user, page: int, per_page: int, now: datetime | None = None) -> Page:
    """Consultations open now in my home municipality that I have not answered, closing soonest first."""
    if user.home_municipality_id is None:
        return Page(items=[], page=1, per_page=per_page, total=0)
    return paginate(_unanswered(user, now or utcnow()), page, per_page)


def first_open_consultations(user, limit: int, now: datetime | None = None) -> list[Consultation]:
    """The first few of `open_consultations`, without counting the rest (one query: the home page)."""
    if user.home_municipality_id is None:
        return []
    return list(db.session.scalars(_unanswered(user, now or utcnow()).limit(limit)))


def _unanswered(user, now: datetime):
    in_my_municipality = select(consultation_municipality.c.consultation_id).where(
        consultation_municipality.c.municipality_id == user.home_municipality_id
    )
    answered = exists().where(Response.consultation_id == Consultation.id, Response.user_id == user.id)
    return (
        select(Consultation)
        .where(
            Consultation.status == ConsultationStatus.PUBLISHED,
            Consultation.opens_at <= now,
            Consultation.closes_at > now,
            Consultation.id.in_(in_my_municipality),
            ~answered,
        )
        .order_by(Consultation.closes_at, Consultation.id)
    )


LOADERS = {
    "proposals": my_proposals,
    "supported": my_supports,
    "comments": my_comments,
    "follows": my_follows,
    "consultations": open_consultations,
}


def load_section(user, section: str, page: int, per_page: int) -> Page:
    return LOADERS[section](user, page, per_page)
