"""Operator *-* Municipality; Operator 1-* Declaration (about a Locality) 1-* DeclarationResponse.

An operator's staff hold a `Role` of kind "operator" (accounts.models) naming
the operator. A declaration is the operator's answer about a locality: it
confirms the status reported there, or states the service it offers now, or
the coverage it plans by a date. Residents confirm or dispute a declaration;
the municipality's moderator decides a disputed one.
"""

import enum
from datetime import date, datetime

from sqlalchemy import Date, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.common.models import AwareDateTime, Timestamped, link_table, string_enum, utcnow
from participation.extensions import db
from participation.localities.models import FixedTechnology

operator_municipality = link_table("operator", "municipality")


class Operator(Timestamped, db.Model):
    """An internet service provider or another investor building networks."""

    __tablename__ = "operator"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(160))
    # Folded name (lower case, no diacritics) for sorting on every database.
    search_name: Mapped[str] = mapped_column(String(160), default="", index=True)
    # IČO: the eight-digit company number, with its check digit.
    company_number: Mapped[str] = mapped_column(String(8), unique=True)
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    contact_phone: Mapped[str] = mapped_column(String(40), default="")
    website: Mapped[str] = mapped_column(String(200), default="")

    municipalities = relationship("Municipality", secondary=operator_municipality, order_by="Municipality.name")

    def __repr__(self) -> str:
        return f"<Operator {self.id} {self.name}>"


class DeclarationKind(enum.StrEnum):
    # The operator confirms the status that residents' reports give the locality.
    CONFIRM = "confirm"
    # The operator offers this service there now.
    CURRENT = "current"
    # The operator plans to offer this service there by a date.
    PLANNED = "planned"


class DeclarationState(enum.StrEnum):
    OPEN = "open"  # nobody has disputed it
    DISPUTED = "disputed"  # a resident disputed it: the municipality's moderator decides
    UPHELD = "upheld"  # the moderator decided it stands
    REJECTED = "rejected"  # the moderator decided it does not


CURRENT_DECLARATION = "superseded_at IS NULL"


class Declaration(db.Model):
    """What an operator says about a locality; a newer one of the same operator supersedes it (kept as history)."""

    __tablename__ = "operator_declaration"
    __table_args__ = (
        # One current declaration per operator and locality.
        Index("uq_operator_declaration_current", "operator_id", "locality_id", unique=True,
              postgresql_where=text(CURRENT_DECLARATION), sqlite_where=text(CURRENT_DECLARATION)),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    operator_id: Mapped[int] = mapped_column(ForeignKey("operator.id", ondelete="CASCADE"), index=True)
    locality_id: Mapped[int] = mapped_column(ForeignKey("locality.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    kind: Mapped[DeclarationKind] = mapped_column(string_enum(DeclarationKind))
    technology: Mapped[FixedTechnology | None] = mapped_column(string_enum(FixedTechnology))
    # Mbit/s; empty for a confirmation.
    download: Mapped[float | None] = mapped_column(Float)
    upload: Mapped[float | None] = mapped_column(Float)
    # For planned coverage: the date by which it will be available.
    available_by: Mapped[date | None] = mapped_column(Date)
    explanation: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[DeclarationState] = mapped_column(
        string_enum(DeclarationState), default=DeclarationState.OPEN, index=True)
    # Counts of residents' current answers, kept in the transaction of every answer.
    confirmations: Mapped[int] = mapped_column(Integer, default=0)
    disputes: Mapped[int] = mapped_column(Integer, default=0)
    disputed_at: Mapped[datetime | None] = mapped_column(AwareDateTime(), index=True)
    decided_at: Mapped[datetime | None] = mapped_column(AwareDateTime())
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    decision_reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(AwareDateTime(), default=utcnow, index=True)
    superseded_at: Mapped[datetime | None] = mapped_column(AwareDateTime(), index=True)

    operator: Mapped[Operator] = relationship()
    locality = relationship("Locality")


class DeclarationResponse(Timestamped, db.Model):
    """A resident's answer to a declaration: confirm, or dispute with an explanation. One per person."""

    __tablename__ = "operator_declaration_response"
    __table_args__ = (UniqueConstraint("declaration_id", "user_id", name="uq_declaration_response_user"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    declaration_id: Mapped[int] = mapped_column(ForeignKey("operator_declaration.id", ondelete="CASCADE"),
                                                index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    agrees: Mapped[bool] = mapped_column(default=True)
    explanation: Mapped[str] = mapped_column(Text, default="")

    declaration: Mapped[Declaration] = relationship()


class ReportAnswerKind(enum.StrEnum):
    CONFIRM = "confirm"  # the operator agrees with the report
    DISPUTE = "dispute"  # the operator disputes it: the municipality's moderator decides


class ReportAnswer(db.Model):
    """An operator's answer to one anonymised connection report; one per report and operator.

    A dispute waits for the municipality's moderator: upheld, the report stops counting
    for the locality's status (it is withdrawn, kept as history); rejected, it keeps counting.
    """

    __tablename__ = "report_answer"
    __table_args__ = (UniqueConstraint("report_id", "operator_id", name="uq_report_answer_operator"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("connection_report.id", ondelete="CASCADE"), index=True)
    operator_id: Mapped[int] = mapped_column(ForeignKey("operator.id", ondelete="CASCADE"), index=True)
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    kind: Mapped[ReportAnswerKind] = mapped_column(string_enum(ReportAnswerKind))
    explanation: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(AwareDateTime(), default=utcnow, index=True)
    decided_at: Mapped[datetime | None] = mapped_column(AwareDateTime())
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    upheld: Mapped[bool | None] = mapped_column()
    decision_reason: Mapped[str] = mapped_column(Text, default="")

    operator: Mapped[Operator] = relationship()
    report = relationship("ConnectionReport")
