"""Agreement *-* Municipality | Grouping | Operator (parties); Agreement 1-* AgreementDocument;
Agreement *-* Proposal (tied by a moderator, with a note)."""

import enum
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.chain.models import ProposalLinkColumns, TitledItem
from participation.common.markdown import keep_rendered
from participation.common.models import AwareDateTime, Timestamped, link_table, string_enum, utcnow
from participation.common.search import Searchable, stems_index
from participation.extensions import db


class AgreementKind(enum.StrEnum):
    DSO_STATUTE = "dso_statute"
    PUBLIC_LAW_CONTRACT = "public_law_contract"
    MEMORANDUM = "memorandum"
    JOINT_PROCUREMENT = "joint_procurement"
    SHARED_ADVISOR = "shared_advisor"


class AgreementStatus(enum.StrEnum):
    DRAFT = "draft"
    NEGOTIATION = "negotiation"
    SIGNED = "signed"
    IN_FORCE = "in_force"
    ENDED = "ended"


# Statuses that only exist once the agreement has been signed.
SIGNED_STATUSES = frozenset({AgreementStatus.SIGNED, AgreementStatus.IN_FORCE, AgreementStatus.ENDED})


agreement_municipality = link_table("agreement", "municipality")
agreement_grouping = link_table("agreement", "grouping")
# Organisations as parties: an operator that agreed access to a municipality's infrastructure.
agreement_operator = link_table("agreement", "operator")


class Agreement(Searchable, TitledItem, Timestamped, db.Model):
    """The legal form cooperation takes, with its parties, dates and documents."""

    __tablename__ = "agreement"
    __search_fields__ = ('title', 'summary')

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[AgreementKind] = mapped_column(string_enum(AgreementKind, 30), index=True)
    status: Mapped[AgreementStatus] = mapped_column(
        string_enum(AgreementStatus, 30), default=AgreementStatus.DRAFT, index=True
    )
    summary: Mapped[str] = mapped_column(Text, default="")
    # summary rendered from Markdown and sanitised when saved (common/markdown.py).
    summary_html: Mapped[str] = mapped_column(Text, default="", server_default="")
    signed_on: Mapped[date | None] = mapped_column(Date)
    effective_on: Mapped[date | None] = mapped_column(Date, index=True)
    ends_on: Mapped[date | None] = mapped_column(Date)
    municipalities = relationship(
        "Municipality", secondary=agreement_municipality, order_by="Municipality.search_name"
    )
    groupings = relationship("Grouping", secondary=agreement_grouping, order_by="Grouping.search_name")
    operators = relationship("Operator", secondary=agreement_operator, order_by="Operator.search_name")
    documents: Mapped[list["AgreementDocument"]] = relationship(
        back_populates="agreement", cascade="all, delete-orphan",
        order_by="AgreementDocument.created_at",
    )
    proposal_links: Mapped[list["AgreementProposal"]] = relationship(
        back_populates="agreement", cascade="all, delete-orphan",
        order_by="AgreementProposal.created_at",
    )

    @property
    def is_draft(self) -> bool:
        return self.status == AgreementStatus.DRAFT

    def __repr__(self) -> str:
        return f"<Agreement {self.id} {self.title}>"


stems_index(Agreement)


class AgreementDocument(db.Model):
    """A PDF kept in storage, or a link to a document published elsewhere."""

    __tablename__ = "agreement_document"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(AwareDateTime(), default=utcnow)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreement.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    url: Mapped[str | None] = mapped_column(String(500))
    storage_key: Mapped[str | None] = mapped_column(String(80), unique=True)
    content_type: Mapped[str | None] = mapped_column(String(60))
    size: Mapped[int | None] = mapped_column(Integer)
    file_name: Mapped[str | None] = mapped_column(String(160))
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)

    agreement: Mapped[Agreement] = relationship(back_populates="documents")

    @property
    def is_file(self) -> bool:
        return self.storage_key is not None


class AgreementProposal(ProposalLinkColumns, db.Model):
    """A proposal tied to an agreement by a moderator, with the note why."""

    __tablename__ = "agreement_proposal"
    __table_args__ = (
        UniqueConstraint("agreement_id", "proposal_id"),
        Index("ix_agreement_proposal_proposal", "proposal_id"),
    )

    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreement.id", ondelete="CASCADE"), index=True)

    agreement: Mapped[Agreement] = relationship(back_populates="proposal_links")


keep_rendered(Agreement, "summary")
