"""Columns every item kind shares: the item's own, and those of its links to proposals."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from participation.common.models import AwareDateTime, utcnow


class TitledItem:
    """A public item with a searchable title, its recorder and a discussion thread."""

    title: Mapped[str] = mapped_column(String(200))
    # Folded title (lower case, no diacritics) for search-as-you-type on every database.
    search_title: Mapped[str] = mapped_column(String(200), default="", index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    thread_id: Mapped[int | None] = mapped_column(ForeignKey("thread.id"), index=True)

    @declared_attr
    def created_by(cls):
        return relationship("User")

    @declared_attr
    def thread(cls):
        return relationship("Thread")


class ProposalLinkColumns:
    """A link between an item and the proposal it answers: when, by whom, and the note why."""

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(AwareDateTime(), default=utcnow)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposal.id", ondelete="CASCADE"))
    note: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)

    @declared_attr
    def proposal(cls):
        return relationship("Proposal")
