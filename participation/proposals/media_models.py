"""Proposal 1-* ProposalPhoto, 1-0..1 ProposalDocument, 1-* ProposalUpdate: what an author adds around the text."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.common.models import AwareDateTime, utcnow
from participation.extensions import db


class ProposalPhoto(db.Model):
    """A photo re-encoded at upload (no metadata), kept in two sizes for srcset."""

    __tablename__ = "proposal_photo"
    __table_args__ = (Index("ix_proposal_photo_proposal_position", "proposal_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(AwareDateTime(), default=utcnow)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposal.id", ondelete="CASCADE"), index=True)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    storage_key: Mapped[str] = mapped_column(String(80))
    thumbnail_key: Mapped[str] = mapped_column(String(80))
    content_type: Mapped[str] = mapped_column(String(40))
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    thumbnail_width: Mapped[int] = mapped_column(Integer)
    thumbnail_height: Mapped[int] = mapped_column(Integer)
    size: Mapped[int] = mapped_column(Integer)
    # What the photo shows, written by the author for people who cannot see it.
    alt_text: Mapped[str] = mapped_column(String(300))


class ProposalDocument(db.Model):
    """One PDF attached to a proposal (a map, a letter, a petition's text)."""

    __tablename__ = "proposal_document"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(AwareDateTime(), default=utcnow)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposal.id", ondelete="CASCADE"), index=True, unique=True
    )
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    storage_key: Mapped[str] = mapped_column(String(80))
    file_name: Mapped[str] = mapped_column(String(160))
    size: Mapped[int] = mapped_column(Integer)


class ProposalUpdate(db.Model):
    """A dated news post by the author after publication ("the bus company answered...")."""

    __tablename__ = "proposal_update"
    __table_args__ = (Index("ix_proposal_update_proposal_created", "proposal_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(AwareDateTime(), default=utcnow)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposal.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    body: Mapped[str] = mapped_column(Text)
    hidden_at: Mapped[datetime | None] = mapped_column(AwareDateTime())
    hidden_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    hidden_reason: Mapped[str] = mapped_column(String(500), default="")

    author = relationship("User", foreign_keys=[author_id])
