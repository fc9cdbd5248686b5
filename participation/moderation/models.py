"""Report: a user flags a proposal or a comment; PostingBlock: a user may not post for a while."""

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, Enum, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.common.models import AwareDateTime, utcnow
from participation.extensions import db


def _enum(cls, length=20):
    return Enum(cls, native_enum=False, length=length,
                values_callable=lambda members: [m.value for m in members])


class ReportReason(enum.StrEnum):
    SPAM = "spam"
    OFFENSIVE = "offensive"
    OFF_TOPIC = "off_topic"
    PERSONAL_DATA = "personal_data"
    OTHER = "other"


class ReportResolution(enum.StrEnum):
    HIDDEN = "hidden"  # a moderator hid the item
    DISMISSED = "dismissed"  # a moderator found nothing wrong
    RESTORED = "restored"  # a moderator unhid the item


class Report(db.Model):
    """One user's report of one item, once; exactly one of the item columns is set."""

    __tablename__ = "report"
    __table_args__ = (
        UniqueConstraint("reporter_id", "proposal_id"),
        UniqueConstraint("reporter_id", "comment_id"),
        CheckConstraint(
            "(proposal_id IS NULL) <> (comment_id IS NULL)", name="one_item"
        ),
        Index("ix_report_open_created", "resolved_at", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(AwareDateTime(), default=utcnow, index=True)
    reporter_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    proposal_id: Mapped[int | None] = mapped_column(
        ForeignKey("proposal.id", ondelete="CASCADE"), index=True
    )
    comment_id: Mapped[int | None] = mapped_column(
        ForeignKey("comment.id", ondelete="CASCADE"), index=True
    )
    reason: Mapped[ReportReason] = mapped_column(_enum(ReportReason))
    note: Mapped[str] = mapped_column(Text, default="")
    resolved_at: Mapped[datetime | None] = mapped_column(AwareDateTime())
    resolved_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    resolution: Mapped[ReportResolution | None] = mapped_column(_enum(ReportResolution))

    reporter = relationship("User", foreign_keys=[reporter_id])
    resolved_by = relationship("User", foreign_keys=[resolved_by_id])
    proposal = relationship("Proposal")
    comment = relationship("Comment")

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None


class PostingBlock(db.Model):
    """A user may not post (proposals, comments, reports) until `ends_at`.

    `municipality_id` NULL means everywhere (administrators only); otherwise the
    block applies to items that touch that municipality.
    """

    __tablename__ = "posting_block"
    __table_args__ = (Index("ix_posting_block_user_ends", "user_id", "ends_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(AwareDateTime(), default=utcnow)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    municipality_id: Mapped[int | None] = mapped_column(
        ForeignKey("municipality.id", ondelete="CASCADE"), index=True
    )
    blocked_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    reason: Mapped[str] = mapped_column(String(500), default="")
    ends_at: Mapped[datetime] = mapped_column(AwareDateTime())
    lifted_at: Mapped[datetime | None] = mapped_column(AwareDateTime())
    lifted_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )

    user = relationship("User", foreign_keys=[user_id])
    blocked_by = relationship("User", foreign_keys=[blocked_by_id])
    municipality = relationship("Municipality")
