"""Advisor *-* Municipality | Grouping; AdvisorQuestion about one item; OpinionRequest; WorkEntry; Guide 1-* GuideVersion.

An administrator makes a person an advisor: a profile with a field, the
organisation or network they work for and the places they serve. A
coordinator covers one field in one region (or everywhere) and assigns the
questions asked of the field. A question is about at most one item, named by
an explicit foreign key per kind. A guide keeps every version of its text.
"""

import enum
from datetime import date, datetime

from sqlalchemy import Boolean, Date, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.common.models import AwareDateTime, Timestamped, link_table, string_enum, utcnow
from participation.extensions import db


class AdvisorField(enum.StrEnum):
    ENERGY = "energy"
    INNOVATION = "innovation"
    ICT = "ict"  # ICT and broadband (the BCO)
    CIRCULAR = "circular"  # circular economy
    PLANNING = "planning"  # spatial planning
    GRANTS = "grants"
    OTHER = "other"


advisor_municipality = link_table("advisor", "municipality")
advisor_grouping = link_table("advisor", "grouping")


class Advisor(Timestamped, db.Model):
    """A person's advisor role: their field, organisation, the places they serve and when to reach them."""

    __tablename__ = "advisor"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), unique=True)
    field: Mapped[AdvisorField] = mapped_column(string_enum(AdvisorField), index=True)
    organisation: Mapped[str] = mapped_column(String(160), default="")
    network: Mapped[str] = mapped_column(String(160), default="")  # EKIS, a MAS, the BCO, a RIS3 team...
    contact_hours: Mapped[str] = mapped_column(String(200), default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True, index=True)
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)

    user = relationship("User", foreign_keys=[user_id])
    municipalities = relationship("Municipality", secondary=advisor_municipality, order_by="Municipality.name")
    groupings = relationship("Grouping", secondary=advisor_grouping, order_by="Grouping.name")

    @property
    def name(self) -> str:
        return self.user.public_name

    def __repr__(self) -> str:
        return f"<Advisor {self.id} {self.field}>"


class Coordinator(Timestamped, db.Model):
    """A field's coordinator in a region (or everywhere): assigns questions, sees workloads."""

    __tablename__ = "advisor_coordinator"
    __table_args__ = (UniqueConstraint("user_id", "field", "region_id", name="uq_advisor_coordinator"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    field: Mapped[AdvisorField] = mapped_column(string_enum(AdvisorField), index=True)
    region_id: Mapped[int | None] = mapped_column(ForeignKey("region.id", ondelete="CASCADE"), index=True)
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)

    user = relationship("User", foreign_keys=[user_id])
    region = relationship("Region")


# The kinds of item a question may be about: (name, column).
ITEM_KINDS = ("proposal", "agreement", "project", "locality", "good_practice")


class AdvisorQuestion(Timestamped, db.Model):
    """A question a municipality's moderator or a grouping's representative puts to an advisor or a field."""

    __tablename__ = "advisor_question"

    id: Mapped[int] = mapped_column(primary_key=True)
    field: Mapped[AdvisorField] = mapped_column(string_enum(AdvisorField), index=True)
    # None: asked of the field; its coordinator assigns it.
    advisor_id: Mapped[int | None] = mapped_column(ForeignKey("advisor.id", ondelete="SET NULL"), index=True)
    asker_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    # Asked for a municipality (its office) or for a grouping (its representative).
    municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipality.id", ondelete="CASCADE"),
                                                        index=True)
    grouping_id: Mapped[int | None] = mapped_column(ForeignKey("grouping.id", ondelete="CASCADE"), index=True)
    proposal_id: Mapped[int | None] = mapped_column(ForeignKey("proposal.id", ondelete="CASCADE"), index=True)
    agreement_id: Mapped[int | None] = mapped_column(ForeignKey("agreement.id", ondelete="CASCADE"), index=True)
    project_id: Mapped[int | None] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)
    locality_id: Mapped[int | None] = mapped_column(ForeignKey("locality.id", ondelete="CASCADE"), index=True)
    good_practice_id: Mapped[int | None] = mapped_column(ForeignKey("good_practice.id", ondelete="CASCADE"),
                                                         index=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    # Internal: the question and its answer are for the municipality's (grouping's) staff only.
    internal: Mapped[bool] = mapped_column(Boolean, default=False)
    asked_at: Mapped[datetime] = mapped_column(AwareDateTime(), default=utcnow, index=True)
    assigned_at: Mapped[datetime | None] = mapped_column(AwareDateTime())
    answer: Mapped[str] = mapped_column(Text, default="")
    answered_at: Mapped[datetime | None] = mapped_column(AwareDateTime(), index=True)
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    # When the coordinator was told it waits too long (told once).
    reminded_at: Mapped[datetime | None] = mapped_column(AwareDateTime())

    advisor: Mapped[Advisor | None] = relationship()
    asker = relationship("User", foreign_keys=[asker_id])
    municipality = relationship("Municipality")
    grouping = relationship("Grouping")
    proposal = relationship("Proposal")
    agreement = relationship("Agreement")
    project = relationship("Project")
    locality = relationship("Locality")
    good_practice = relationship("GoodPractice")

    @property
    def item_kind(self) -> str | None:
        return next((kind for kind in ITEM_KINDS if getattr(self, f"{kind}_id") is not None), None)

    @property
    def item(self):
        kind = self.item_kind
        return getattr(self, kind) if kind else None

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None


class RequestState(enum.StrEnum):
    PENDING = "pending"
    PASSED_ON = "passed_on"
    DECLINED = "declined"


class OpinionRequest(Timestamped, db.Model):
    """A resident asks for an advisor's opinion on a proposal; a moderator passes it on or declines it."""

    __tablename__ = "advisor_opinion_request"
    __table_args__ = (UniqueConstraint("proposal_id", "advisor_id", "requester_id",
                                       name="uq_advisor_opinion_request_once"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposal.id", ondelete="CASCADE"), index=True)
    advisor_id: Mapped[int] = mapped_column(ForeignKey("advisor.id", ondelete="CASCADE"), index=True)
    requester_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    reason: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[RequestState] = mapped_column(string_enum(RequestState), default=RequestState.PENDING, index=True)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    decided_at: Mapped[datetime | None] = mapped_column(AwareDateTime())
    decline_reason: Mapped[str] = mapped_column(Text, default="")
    question_id: Mapped[int | None] = mapped_column(ForeignKey("advisor_question.id", ondelete="SET NULL"),
                                                    index=True)

    proposal = relationship("Proposal")
    advisor: Mapped[Advisor] = relationship()
    requester = relationship("User", foreign_keys=[requester_id])


class WorkKind(enum.StrEnum):
    VISIT = "visit"
    CONSULTATION = "consultation"


work_entry_municipality = link_table("advisor_work_entry", "municipality")


class WorkEntry(Timestamped, db.Model):
    """A visit or consultation an advisor logs: date, municipalities, topic, hours."""

    __tablename__ = "advisor_work_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    advisor_id: Mapped[int] = mapped_column(ForeignKey("advisor.id", ondelete="CASCADE"), index=True)
    worked_on: Mapped[date] = mapped_column(Date, index=True)
    kind: Mapped[WorkKind] = mapped_column(string_enum(WorkKind), default=WorkKind.CONSULTATION)
    topic: Mapped[str] = mapped_column(String(300))
    hours: Mapped[float] = mapped_column(Float, default=0.0)

    advisor: Mapped[Advisor] = relationship()
    municipalities = relationship("Municipality", secondary=work_entry_municipality, order_by="Municipality.name")


guide_good_practice = link_table("advisor_guide", "good_practice")


class Guide(Timestamped, db.Model):
    """A methodological guide of a field; its text is the newest version's (every version is kept)."""

    __tablename__ = "advisor_guide"

    id: Mapped[int] = mapped_column(primary_key=True)
    field: Mapped[AdvisorField] = mapped_column(string_enum(AdvisorField), index=True)
    title: Mapped[str] = mapped_column(String(200))
    # Folded title and text (lower case, no diacritics) for searching on every database.
    search_text: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text, default="")
    # Comma-separated ProjectKind values the guide applies to.
    project_kinds: Mapped[str] = mapped_column(String(300), default="")
    review_by: Mapped[date | None] = mapped_column(Date, index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)

    author = relationship("User")
    good_practices = relationship("GoodPractice", secondary=guide_good_practice, order_by="GoodPractice.title")

    @property
    def kinds(self) -> list[str]:
        return [kind for kind in self.project_kinds.split(",") if kind]


class GuideVersion(db.Model):
    """One version of a guide's text, never changed once written."""

    __tablename__ = "advisor_guide_version"
    # The unique constraint's index serves "the versions of a guide" too.
    __table_args__ = (UniqueConstraint("guide_id", "number", name="uq_advisor_guide_version_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    guide_id: Mapped[int] = mapped_column(ForeignKey("advisor_guide.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    change_note: Mapped[str] = mapped_column(String(500), default="")
    review_by: Mapped[date | None] = mapped_column(Date)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(AwareDateTime(), default=utcnow)

    author = relationship("User")
