"""Project *-1 Agreement (optional), *-* Municipality, 1-* FundingSource, Milestone,
ProjectUpdate; Project *-* Proposal."""

import enum
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.chain.models import ProposalLinkColumns, TitledItem
from participation.common.markdown import keep_rendered
from participation.common.models import AwareDateTime, Timestamped, link_table, string_enum, utcnow
from participation.common.search import Searchable, stems_index
from participation.extensions import db

MONEY = Numeric(14, 2)


class ProjectKind(enum.StrEnum):
    FIBRE_BACKBONE = "fibre_backbone"
    SHARED_INFRASTRUCTURE = "shared_infrastructure"  # shared line infrastructure and radio masts
    ROADS_PATHS = "roads_paths"
    WATER_SEWAGE = "water_sewage"
    ENERGY = "energy"
    WASTE = "waste"
    OTHER = "other"


class ProjectStatus(enum.StrEnum):
    PLANNED = "planned"
    PREPARING = "preparing"
    TENDERING = "tendering"
    BUILDING = "building"
    OPERATING = "operating"
    DONE = "done"
    CANCELLED = "cancelled"


class ProgressMode(enum.StrEnum):
    MILESTONES = "milestones"  # share of milestones reached
    MANUAL = "manual"  # set by hand by an editor


project_municipality = link_table("project", "municipality")


class Project(Searchable, TitledItem, Timestamped, db.Model):
    """Something municipalities build or run together."""

    __tablename__ = "project"
    __search_fields__ = ('title', 'description', 'place_name')
    __table_args__ = (
        CheckConstraint("budget IS NULL OR budget >= 0", name="budget_not_negative"),
        CheckConstraint("manual_progress IS NULL OR (manual_progress >= 0 AND manual_progress <= 100)",
                        name="manual_progress_percent"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[ProjectKind] = mapped_column(string_enum(ProjectKind, 30), index=True)
    status: Mapped[ProjectStatus] = mapped_column(string_enum(ProjectStatus, 30), default=ProjectStatus.PLANNED, index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    # description rendered from Markdown and sanitised when saved (common/markdown.py).
    description_html: Mapped[str] = mapped_column(Text, default="", server_default="")
    agreement_id: Mapped[int | None] = mapped_column(
        ForeignKey("agreement.id", ondelete="SET NULL"), index=True
    )
    # In Czech crowns (CZK).
    budget: Mapped[Decimal | None] = mapped_column(MONEY)
    progress_mode: Mapped[ProgressMode] = mapped_column(string_enum(ProgressMode, 30), default=ProgressMode.MILESTONES)
    manual_progress: Mapped[int | None] = mapped_column(Integer)
    place_name: Mapped[str] = mapped_column(String(200), default="")
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    # A line on the map (a fibre backbone, a path): a GeoJSON LineString, checked by territory.geo.
    route: Mapped[str | None] = mapped_column(Text)
    done_at: Mapped[datetime | None] = mapped_column(AwareDateTime())

    agreement = relationship("Agreement")
    municipalities = relationship("Municipality", secondary=project_municipality, order_by="Municipality.search_name")
    funding_sources: Mapped[list["FundingSource"]] = relationship(
        back_populates="project", cascade="all, delete-orphan", order_by="FundingSource.position"
    )
    milestones: Mapped[list["Milestone"]] = relationship(
        back_populates="project", cascade="all, delete-orphan", order_by="[Milestone.planned_on, Milestone.id]"
    )
    proposal_links: Mapped[list["ProjectProposal"]] = relationship(
        back_populates="project", cascade="all, delete-orphan", order_by="ProjectProposal.created_at"
    )

    @property
    def progress(self) -> int:
        """Percent done: from milestones reached, or as set by hand; a finished project is 100 %."""
        if self.status == ProjectStatus.DONE:
            return 100
        if self.progress_mode == ProgressMode.MANUAL:
            return self.manual_progress or 0
        if not self.milestones:
            return 0
        reached = sum(1 for m in self.milestones if m.done_on is not None)
        return round(100 * reached / len(self.milestones))

    def overdue_milestones(self, today: date | None = None) -> list["Milestone"]:
        """Milestones past their planned date and not reached; none once the project is done or cancelled."""
        if self.status in (ProjectStatus.DONE, ProjectStatus.CANCELLED):
            return []
        return [m for m in self.milestones if m.is_overdue(today)]

    @property
    def funding_total(self) -> Decimal:
        return sum((f.amount for f in self.funding_sources), Decimal(0))

    def __repr__(self) -> str:
        return f"<Project {self.id} {self.title}>"


stems_index(Project)


class FundingSource(db.Model):
    """Where part of the money comes from: an EU programme, the state, the region, the municipalities."""

    __tablename__ = "funding_source"
    __table_args__ = (CheckConstraint("amount >= 0", name="amount_not_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    amount: Mapped[Decimal] = mapped_column(MONEY)
    position: Mapped[int] = mapped_column(Integer, default=0)

    project: Mapped[Project] = relationship(back_populates="funding_sources")


class Milestone(db.Model):
    """A step with a planned date and, once reached, the actual date."""

    __tablename__ = "milestone"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    planned_on: Mapped[date | None] = mapped_column(Date)
    done_on: Mapped[date | None] = mapped_column(Date)

    project: Mapped[Project] = relationship(back_populates="milestones")

    def is_overdue(self, today: date | None = None) -> bool:
        """Planned for a day already past and not reached."""
        today = today or date.today()
        return self.done_on is None and self.planned_on is not None and self.planned_on < today


class ProjectUpdate(db.Model):
    """A dated post on the project's timeline, with an optional picture."""

    __tablename__ = "project_update"
    __table_args__ = (Index("ix_project_update_project_posted", "project_id", "posted_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(AwareDateTime(), default=utcnow)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)
    posted_on: Mapped[date] = mapped_column(Date)
    body: Mapped[str] = mapped_column(Text)
    # body rendered from Markdown and sanitised when saved (common/markdown.py).
    body_html: Mapped[str] = mapped_column(Text, default="", server_default="")
    image_key: Mapped[str | None] = mapped_column(String(80), unique=True)
    image_content_type: Mapped[str | None] = mapped_column(String(60))
    image_description: Mapped[str] = mapped_column(String(300), default="")
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)

    author = relationship("User")


class ProjectProposal(ProposalLinkColumns, db.Model):
    """A proposal that a project answers, linked by the proposal's moderator."""

    __tablename__ = "project_proposal"
    __table_args__ = (
        UniqueConstraint("project_id", "proposal_id"),
        Index("ix_project_proposal_proposal", "proposal_id"),
    )

    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)

    project: Mapped[Project] = relationship(back_populates="proposal_links")


keep_rendered(Project, "description")
keep_rendered(ProjectUpdate, "body")
