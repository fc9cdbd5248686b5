"""Proposal *-* Municipality; Proposal 1-* Support, StatusChange, OfficialAnswer."""

import enum
from datetime import datetime

from sqlalchemy import (
    Column,
    Enum,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.common.markdown import keep_rendered
from participation.common.models import AwareDateTime, Timestamped, utcnow
from participation.common.search import Searchable, stems_index
from participation.extensions import db


def _enum(cls, length=20):
    return Enum(cls, native_enum=False, length=length,
                values_callable=lambda members: [m.value for m in members])


class ProposalStatus(enum.StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    UNDER_REVIEW = "under_review"
    IN_COOPERATION = "in_cooperation"  # tied to an agreement
    IN_PROGRESS = "in_progress"  # tied to a project
    SOLVED = "solved"
    NOT_TAKEN_UP = "not_taken_up"
    MERGED = "merged"  # a duplicate merged into another proposal
    WITHDRAWN = "withdrawn"


# Statuses in which a proposal can still gather support.
OPEN_STATUSES = frozenset({
    ProposalStatus.PUBLISHED, ProposalStatus.UNDER_REVIEW,
    ProposalStatus.IN_COOPERATION, ProposalStatus.IN_PROGRESS,
})
# Statuses visible to the public.
PUBLIC_STATUSES = frozenset(set(ProposalStatus) - {ProposalStatus.DRAFT})


class Category(enum.StrEnum):
    TRANSPORT = "transport"
    BROADBAND = "broadband"
    ENERGY = "energy"
    WATER = "water"
    WASTE = "waste"
    SOCIAL = "social"
    EDUCATION = "education"
    CULTURE = "culture"
    ENVIRONMENT = "environment"
    ADMINISTRATION = "administration"
    OTHER = "other"


proposal_municipality = Table(
    "proposal_municipality",
    db.metadata,
    Column("proposal_id", ForeignKey("proposal.id", ondelete="CASCADE"), primary_key=True),
    Column("municipality_id", ForeignKey("municipality.id", ondelete="CASCADE"),
           primary_key=True, index=True),
    # Counting a municipality's proposals reads this index alone (benchmark: 600 municipalities).
    Index("ix_proposal_municipality_municipality_proposal", "municipality_id", "proposal_id"),
)

# The public proposals (published or later, not hidden): lists count them from this index alone.
PUBLIC_CONDITION = "status <> 'draft' AND hidden_at IS NULL"


class Proposal(Searchable, Timestamped, db.Model):
    __tablename__ = "proposal"
    __search_fields__ = ('title', 'body')
    __table_args__ = (
        Index("ix_proposal_status_published", "status", "published_at"),
        Index("ix_proposal_public_id", "id", postgresql_where=text(PUBLIC_CONDITION),
              sqlite_where=text(PUBLIC_CONDITION)),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    # Folded title and body (lower case, no diacritics) for search on every database.
    search_text: Mapped[str] = mapped_column(Text, default="")
    category: Mapped[Category] = mapped_column(_enum(Category), index=True)
    status: Mapped[ProposalStatus] = mapped_column(
        _enum(ProposalStatus), default=ProposalStatus.DRAFT, index=True
    )
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    grouping_id: Mapped[int | None] = mapped_column(ForeignKey("grouping.id"), index=True)
    thread_id: Mapped[int | None] = mapped_column(ForeignKey("thread.id"), index=True)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    published_at: Mapped[datetime | None] = mapped_column(AwareDateTime(), index=True)
    withdrawn_at: Mapped[datetime | None] = mapped_column(AwareDateTime())
    threshold_reached_at: Mapped[datetime | None] = mapped_column(AwareDateTime(), index=True)
    last_activity_at: Mapped[datetime] = mapped_column(AwareDateTime(), default=utcnow, index=True)
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("proposal.id"), index=True)
    # Hidden by a moderator (or automatically by reports) until reviewed.
    hidden_at: Mapped[datetime | None] = mapped_column(AwareDateTime(), index=True)
    hidden_reason: Mapped[str] = mapped_column(String(500), default="")
    hidden_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    # Recorded by a moderator from a paper form brought to the municipal office.
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    # Kept by database triggers on `support` (participation/proposals/counters.py), never by hand.
    supporter_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    supporting_municipality_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # The body rendered from Markdown and sanitised when saved (common/markdown.py).
    body_html: Mapped[str] = mapped_column(Text, default="", server_default="")

    author = relationship("User", foreign_keys=[author_id])
    recorded_by = relationship("User", foreign_keys=[recorded_by_id])
    grouping = relationship("Grouping")
    municipalities = relationship(
        "Municipality", secondary=proposal_municipality, order_by="Municipality.search_name"
    )
    merged_into = relationship("Proposal", remote_side=[id])
    # The discussion's counts, joined when the page loads the proposal (page_queries.load_proposal).
    thread = relationship("Thread", viewonly=True)


stems_index(Proposal)


class SupportSource(enum.StrEnum):
    ONLINE = "online"
    PAPER = "paper"  # recorded by a moderator at the municipal office


class Support(db.Model):
    """One person's support; counts for their home municipality at that moment."""

    __tablename__ = "support"
    __table_args__ = (
        UniqueConstraint("proposal_id", "user_id"),
        Index("ix_support_proposal_municipality", "proposal_id", "municipality_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(AwareDateTime(), default=utcnow)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposal.id", ondelete="CASCADE"), index=True)
    # NULL for a paper support (no account) or once the supporter deleted the account.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id"), index=True)
    source: Mapped[SupportSource] = mapped_column(_enum(SupportSource), default=SupportSource.ONLINE)
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )

    proposal = relationship("Proposal")
    user = relationship("User", foreign_keys=[user_id])
    municipality = relationship("Municipality")


class SupportCount(db.Model):
    """Supporters of a proposal from one home municipality; kept by triggers on `support`."""

    __tablename__ = "proposal_support_count"

    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposal.id", ondelete="CASCADE"), primary_key=True
    )
    municipality_id: Mapped[int] = mapped_column(
        ForeignKey("municipality.id", ondelete="CASCADE"), primary_key=True
    )
    supporters: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    paper_supporters: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class StatusChange(db.Model):
    """A dated change of a proposal's status with its author and reason."""

    __tablename__ = "status_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(AwareDateTime(), default=utcnow, index=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposal.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    from_status: Mapped[ProposalStatus | None] = mapped_column(_enum(ProposalStatus))
    to_status: Mapped[ProposalStatus] = mapped_column(_enum(ProposalStatus))
    reason: Mapped[str] = mapped_column(Text, default="")

    author = relationship("User")


class OfficialAnswer(db.Model):
    """An answer given on behalf of a municipality or grouping."""

    __tablename__ = "official_answer"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(AwareDateTime(), default=utcnow, index=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposal.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipality.id"), index=True)
    grouping_id: Mapped[int | None] = mapped_column(ForeignKey("grouping.id"), index=True)
    body: Mapped[str] = mapped_column(Text)
    # body rendered from Markdown and sanitised when saved (common/markdown.py).
    body_html: Mapped[str] = mapped_column(Text, default="", server_default="")

    author = relationship("User")
    municipality = relationship("Municipality")
    grouping = relationship("Grouping")


keep_rendered(Proposal, "body")
keep_rendered(OfficialAnswer, "body")
