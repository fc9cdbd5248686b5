"""Thread: the discussion of one commentable item; Comment: one contribution to it.

A commentable model (proposal, agreement, project, consultation) holds a
`thread_id`; comments belong to a thread, so the discussion code never needs
to know what it is attached to.
"""

import enum
from datetime import datetime

from sqlalchemy import Enum, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.common.markdown import keep_rendered
from participation.common.models import AwareDateTime, Timestamped, utcnow
from participation.extensions import db

# Replies nest at most this deep; a reply to the deepest level becomes its sibling.
MAX_DEPTH = 3


class Thread(db.Model):
    __tablename__ = "thread"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(AwareDateTime(), default=utcnow)
    # What the thread belongs to ("proposal", "project", ...), for links and notices.
    subject_type: Mapped[str] = mapped_column(String(40))
    # Visible comments (not hidden, not deleted), in all and by stance; kept by triggers on
    # `comment` (participation/comments/counters.py), never by hand.
    comment_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    for_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    against_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    neutral_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class Stance(enum.StrEnum):
    FOR = "for"
    AGAINST = "against"
    NEUTRAL = "neutral"


class Comment(Timestamped, db.Model):
    """A comment or reply. `path` orders a thread depth-first (zero-padded ids)."""

    __tablename__ = "comment"
    __table_args__ = (
        Index("ix_comment_thread_depth_created", "thread_id", "depth", "created_at"),
        Index("ix_comment_root_path", "root_id", "path"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("thread.id", ondelete="CASCADE"), index=True)
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("comment.id", ondelete="CASCADE"), index=True
    )
    # The top-level comment this one hangs under (itself for a top-level comment).
    root_id: Mapped[int | None] = mapped_column(Integer, index=True)
    depth: Mapped[int] = mapped_column(Integer, default=1)
    path: Mapped[str] = mapped_column(String(40), default="")
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    body: Mapped[str] = mapped_column(Text, default="")
    # The body rendered from Markdown and sanitised when saved (common/markdown.py).
    body_html: Mapped[str] = mapped_column(Text, default="", server_default="")
    stance: Mapped[Stance | None] = mapped_column(
        Enum(Stance, native_enum=False, length=10,
             values_callable=lambda members: [m.value for m in members]),
        index=True,
    )
    edited_at: Mapped[datetime | None] = mapped_column(AwareDateTime())
    # Deleted by its author but kept (without text) because it has replies.
    deleted_at: Mapped[datetime | None] = mapped_column(AwareDateTime())
    # Hidden by a moderator, or automatically by reports until reviewed.
    hidden_at: Mapped[datetime | None] = mapped_column(AwareDateTime(), index=True)
    hidden_reason: Mapped[str] = mapped_column(String(500), default="")
    hidden_reason_code: Mapped[str] = mapped_column(String(20), default="")
    hidden_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )

    thread: Mapped[Thread] = relationship()
    author = relationship("User", foreign_keys=[author_id])
    parent = relationship("Comment", remote_side=[id])

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_visible(self) -> bool:
        """Shown with its text to everybody."""
        return self.hidden_at is None and self.deleted_at is None

    def __repr__(self) -> str:
        return f"<Comment {self.id} thread={self.thread_id} depth={self.depth}>"


keep_rendered(Comment, "body")
