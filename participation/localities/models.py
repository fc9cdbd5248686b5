"""Municipality 1-* Locality 1-* ConnectionReport.

A locality keeps its connection status and the evidence for it (number of
current reports, the newest report's time), recomputed in the transaction of
every report write: pages read them, they never aggregate reports.
"""

import enum
from datetime import date, datetime

from sqlalchemy import Boolean, Date, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.chain.models import ProposalLinkColumns
from participation.common.models import AwareDateTime, Timestamped, string_enum, utcnow
from participation.extensions import db


class FixedTechnology(enum.StrEnum):
    NONE = "none"
    DSL = "dsl"
    CABLE = "cable"
    FIXED_WIRELESS = "fixed_wireless"
    FIBRE = "fibre"
    SATELLITE = "satellite"


class MobileSignal(enum.StrEnum):
    NONE = "none"
    WEAK = "weak"
    USABLE = "usable"


class ConnectionStatus(enum.StrEnum):
    UNKNOWN = "unknown"
    UNSERVED = "unserved"
    UNDERSERVED = "underserved"
    SERVED = "served"
    GIGABIT = "gigabit"


class ReportSource(enum.StrEnum):
    RESIDENT = "resident"
    # Recorded by the municipal office from a paper form or a phone call.
    OFFICE = "office"


class Locality(Timestamped, db.Model):
    """A part or settlement of a municipality (část obce, osada)."""

    __tablename__ = "locality"
    __table_args__ = (UniqueConstraint("municipality_id", "name", name="uq_locality_municipality_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    # Folded name (lower case, no diacritics) for sorting and search on every database.
    search_name: Mapped[str] = mapped_column(String(120), default="", index=True)
    # The part-of-municipality code of the national address register (RÚIAN), where it has one.
    code: Mapped[str | None] = mapped_column(String(12), unique=True)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    dwellings: Mapped[int] = mapped_column(Integer, default=0)
    inhabitants: Mapped[int] = mapped_column(Integer, default=0)
    # Kept up to date by services.refresh_status in the transaction of every report write.
    status: Mapped[ConnectionStatus] = mapped_column(
        string_enum(ConnectionStatus), default=ConnectionStatus.UNKNOWN, index=True)
    report_count: Mapped[int] = mapped_column(Integer, default=0)
    newest_report_at: Mapped[datetime | None] = mapped_column(AwareDateTime())

    municipality = relationship("Municipality")

    @property
    def title(self) -> str:
        """The name, as the chain's shared linking and link pages call an item."""
        return self.name

    @property
    def municipalities(self) -> list:
        """The one municipality, as the shared item rules (permissions.items) expect a list."""
        return [self.municipality]

    def __repr__(self) -> str:
        return f"<Locality {self.id} {self.name}>"


CURRENT = "superseded_at IS NULL AND reporter_id IS NOT NULL"


class ConnectionReport(db.Model):
    """A statement of the connection available where someone lives.

    A resident's report names them as `reporter`; an office's report on a paper
    participant's behalf has no reporter, only `recorded_by` and a private note.
    Nobody but the municipality's staff is ever shown who reported what.
    """

    __tablename__ = "connection_report"
    __table_args__ = (
        # One current report per person: a new one supersedes the old (kept as history).
        Index("uq_connection_report_current", "reporter_id", unique=True,
              postgresql_where=text(CURRENT), sqlite_where=text(CURRENT)),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    locality_id: Mapped[int] = mapped_column(ForeignKey("locality.id", ondelete="CASCADE"), index=True)
    reporter_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    source: Mapped[ReportSource] = mapped_column(string_enum(ReportSource), default=ReportSource.RESIDENT)
    fixed_technology: Mapped[FixedTechnology] = mapped_column(string_enum(FixedTechnology))
    mobile_signal: Mapped[MobileSignal] = mapped_column(string_enum(MobileSignal))
    # Mbit/s; empty where there is no fixed connection.
    advertised_download: Mapped[float | None] = mapped_column(Float)
    advertised_upload: Mapped[float | None] = mapped_column(Float)
    measured_download: Mapped[float | None] = mapped_column(Float)
    measured_upload: Mapped[float | None] = mapped_column(Float)
    measured_on: Mapped[date | None] = mapped_column(Date)
    # Asked an operator for a connection and was refused, offered it only after a long wait,
    # or asked for an unusually high connection fee.
    refused: Mapped[bool] = mapped_column(Boolean, default=False)
    long_wait: Mapped[bool] = mapped_column(Boolean, default=False)
    high_fee: Mapped[bool] = mapped_column(Boolean, default=False)
    # Private to the municipality's staff: how to recognise the paper participant (no name or address needed).
    office_note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(AwareDateTime(), default=utcnow, index=True)
    superseded_at: Mapped[datetime | None] = mapped_column(AwareDateTime(), index=True)

    locality: Mapped[Locality] = relationship()


class ProjectLocality(db.Model):
    """Project *-* Locality: a project covers a locality, with the dwellings it will connect there.

    When the project's staff record connected dwellings, the project's speed
    counts for the locality's status (see `reports`).
    """

    __tablename__ = "project_locality"
    __table_args__ = (UniqueConstraint("project_id", "locality_id", name="uq_project_locality"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)
    locality_id: Mapped[int] = mapped_column(ForeignKey("locality.id", ondelete="CASCADE"), index=True)
    # Dwellings the project will connect here, and those connected so far.
    dwellings: Mapped[int] = mapped_column(Integer, default=0)
    connected_dwellings: Mapped[int] = mapped_column(Integer, default=0)
    # The download speed in Mbit/s the project brings (a fibre network: 1000).
    download: Mapped[float] = mapped_column(Float, default=1000.0)
    connected_at: Mapped[datetime | None] = mapped_column(AwareDateTime())
    created_at: Mapped[datetime] = mapped_column(AwareDateTime(), default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)

    project = relationship("Project")
    locality: Mapped[Locality] = relationship()


class LocalityProposal(ProposalLinkColumns, db.Model):
    """Proposal *-* Locality: a proposal names a locality it is about (linked by the staff or the proposal's author)."""

    __tablename__ = "locality_proposal"
    __table_args__ = (UniqueConstraint("locality_id", "proposal_id", name="uq_locality_proposal"),
                      Index("ix_locality_proposal_proposal", "proposal_id"))

    locality_id: Mapped[int] = mapped_column(ForeignKey("locality.id", ondelete="CASCADE"), index=True)

    locality: Mapped[Locality] = relationship()
