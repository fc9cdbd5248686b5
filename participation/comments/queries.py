"""Reading discussions in a fixed number of queries, whatever their size."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import aliased, joinedload

from participation.comments.models import Comment, Stance, Thread
from participation.extensions import db

ORDERS = ("oldest", "newest", "replied")


@dataclass
class StanceCounts:
    """Counts of visible comments: hidden and deleted ones are not counted."""

    total: int = 0
    by_stance: dict[str, int] = field(default_factory=dict)

    def __getitem__(self, stance: str) -> int:
        return self.by_stance.get(str(stance), 0)


@dataclass
class Node:
    comment: Comment
    children: list["Node"] = field(default_factory=list)
    # Every reply under a top-level comment, including placeholders.
    reply_count: int = 0

    @property
    def more_replies(self) -> bool:
        return self.reply_count > count_nodes(self.children)


def count_nodes(nodes: list[Node]) -> int:
    return sum(1 + count_nodes(n.children) for n in nodes)


def _visible():
    return and_(Comment.hidden_at.is_(None), Comment.deleted_at.is_(None))


def stance_counts(thread_id: int) -> StanceCounts:
    """One query: visible comments by stance, as stored on the thread (kept by triggers, counters.py)."""
    row = db.session.execute(
        select(Thread.comment_count, Thread.for_count, Thread.against_count, Thread.neutral_count)
        .where(Thread.id == thread_id)
    ).first()
    return stance_counts_of(row)


def stance_counts_of(row) -> StanceCounts:
    """The counts of a thread row or a Thread loaded in this request (no query)."""
    counts = StanceCounts()
    if row is None:
        return counts
    counts.total = row.comment_count
    for stance, number in (("for", row.for_count), ("against", row.against_count), ("neutral", row.neutral_count)):
        if number:
            counts.by_stance[stance] = number
    return counts


def visible_comment_counts(thread_ids: Iterable[int]) -> dict[int, int]:
    """Visible comments per thread, for lists of proposals (one query of stored counts)."""
    ids = [i for i in thread_ids if i is not None]
    if not ids:
        return {}
    rows = db.session.execute(
        select(Thread.id, Thread.comment_count).where(Thread.id.in_(ids), Thread.comment_count > 0)
    )
    return dict(rows.all())


def _reply_counts():
    """Correlated counts of replies under a top-level comment: all, and visible ones."""
    reply = aliased(Comment)
    everything = (
        select(func.count()).where(reply.root_id == Comment.id, reply.depth > 1)
        .correlate(Comment).scalar_subquery()
    )
    visible = (
        select(func.count()).where(
            reply.root_id == Comment.id, reply.depth > 1,
            reply.hidden_at.is_(None), reply.deleted_at.is_(None),
        ).correlate(Comment).scalar_subquery()
    )
    return everything, visible


def top_level_page(thread_id: int, order: str, page: int, per_page: int) -> tuple[list[Node], bool]:
    """One query: a page of top-level comments with their reply counts; and whether more follow."""
    everything, visible = _reply_counts()
    sort = {
        "oldest": [Comment.created_at.asc(), Comment.id.asc()],
        "newest": [Comment.created_at.desc(), Comment.id.desc()],
        "replied": [visible.desc(), Comment.created_at.asc(), Comment.id.asc()],
    }[order if order in ORDERS else "oldest"]
    rows = db.session.execute(
        select(Comment, everything)
        .options(joinedload(Comment.author))
        .where(Comment.thread_id == thread_id, Comment.depth == 1)
        .order_by(*sort)
        .limit(per_page + 1)
        .offset((page - 1) * per_page)
    ).all()
    nodes = [Node(comment=c, reply_count=n or 0) for c, n in rows[:per_page]]
    return nodes, len(rows) > per_page


def top_level_page_of_ids(ids: list[int]) -> tuple[list[Node], bool]:
    """One query: the given top-level comments with their reply counts."""
    everything, _visible_count = _reply_counts()
    rows = db.session.execute(
        select(Comment, everything).options(joinedload(Comment.author)).where(Comment.id.in_(ids))
        .order_by(Comment.created_at, Comment.id)
    ).all()
    return [Node(comment=c, reply_count=n or 0) for c, n in rows], False


def replies_under(root_ids: list[int], limit_per_root: int | None, offset: int = 0) -> list[Comment]:
    """One query: replies under the given top-level comments, depth first.

    With a limit, only the first `limit_per_root` replies under each are loaded
    (a window function), so a thread of thousands never loads at once.
    """
    if not root_ids:
        return []
    ranked = (
        select(Comment.id, func.row_number().over(partition_by=Comment.root_id, order_by=Comment.path)
               .label("position"))
        .where(Comment.root_id.in_(root_ids), Comment.depth > 1)
        .subquery()
    )
    statement = (
        select(Comment).options(joinedload(Comment.author))
        .join(ranked, ranked.c.id == Comment.id)
        .order_by(Comment.root_id, Comment.path)
    )
    if limit_per_root is not None:
        statement = statement.where(ranked.c.position > offset, ranked.c.position <= offset + limit_per_root)
    return list(db.session.scalars(statement))


def build_tree(roots: list[Node], replies: list[Comment]) -> list[Node]:
    """Hang depth-first replies under their parents (a missing parent never happens in
    a depth-first prefix; such a reply would hang under the nearest loaded ancestor)."""
    by_id = {node.comment.id: node for node in roots}
    for reply in replies:
        node = Node(comment=reply)
        parent = by_id.get(reply.parent_id) or by_id.get(reply.root_id)
        if parent is not None:
            parent.children.append(node)
        by_id[reply.id] = node
    return roots


def page_of(comment: Comment, per_page: int) -> int:
    """The page (oldest first) on which a comment's top-level comment stands."""
    root = db.session.get(Comment, comment.root_id) if comment.root_id != comment.id else comment
    earlier = db.session.scalar(
        select(func.count()).where(
            Comment.thread_id == root.thread_id, Comment.depth == 1,
            or_(Comment.created_at < root.created_at,
                and_(Comment.created_at == root.created_at, Comment.id < root.id)),
        )
    )
    return (earlier or 0) // per_page + 1


def position_under_root(comment: Comment) -> int:
    """0 for a top-level comment; else the reply's 1-based position depth first."""
    if comment.depth == 1:
        return 0
    earlier = db.session.scalar(
        select(func.count()).where(Comment.root_id == comment.root_id, Comment.depth > 1,
                                   Comment.path < comment.path)
    )
    return (earlier or 0) + 1


__all__ = ["ORDERS", "Stance", "StanceCounts", "Node", "stance_counts", "visible_comment_counts",
           "top_level_page", "replies_under", "build_tree", "page_of", "position_under_root"]
