"""Follow: a user wants to hear about one thing."""

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from participation.common.models import AwareDateTime, utcnow
from participation.extensions import db


class Follow(db.Model):
    """A user follows one thing; exactly one of the target columns is set.

    Later domains (agreements, projects, consultations, localities) add their own column.
    """

    __tablename__ = "follow"
    __table_args__ = (
        UniqueConstraint("user_id", "proposal_id"),
        UniqueConstraint("user_id", "municipality_id"),
        UniqueConstraint("user_id", "grouping_id"),
        UniqueConstraint("user_id", "agreement_id"),
        UniqueConstraint("user_id", "project_id"),
        UniqueConstraint("user_id", "consultation_id"),
        UniqueConstraint("user_id", "locality_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(AwareDateTime(), default=utcnow)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    proposal_id: Mapped[int | None] = mapped_column(
        ForeignKey("proposal.id", ondelete="CASCADE"), index=True
    )
    municipality_id: Mapped[int | None] = mapped_column(
        ForeignKey("municipality.id", ondelete="CASCADE"), index=True
    )
    grouping_id: Mapped[int | None] = mapped_column(
        ForeignKey("grouping.id", ondelete="CASCADE"), index=True
    )
    agreement_id: Mapped[int | None] = mapped_column(
        ForeignKey("agreement.id", ondelete="CASCADE"), index=True
    )
    project_id: Mapped[int | None] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    consultation_id: Mapped[int | None] = mapped_column(
        ForeignKey("consultation.id", ondelete="CASCADE"), index=True
    )
    locality_id: Mapped[int | None] = mapped_column(
        ForeignKey("locality.id", ondelete="CASCADE"), index=True
    )


class FollowerCount(db.Model):
    """How many people follow one thing; kept by triggers on `follow` (follows/counters.py)."""

    __tablename__ = "follower_count"

    subject_type: Mapped[str] = mapped_column(String(20), primary_key=True)
    subject_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    followers: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

