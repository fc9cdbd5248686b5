"""Asset *-1 Municipality; PlannedWork *-1 Municipality 1-* JoinRequest (an operator's);
Asset 1-* AccessRequest (an operator's) *-* Locality (served), *-1 Agreement (optional).

Exact positions (latitude, longitude, route) of assets and works describe
critical infrastructure: only operators' staff and the municipality's staff
read them (permissions.infrastructure.sees_positions); everyone else sees the
kind, the municipality and the conditions.
"""

import enum
from datetime import date, datetime

from sqlalchemy import Date, Float, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.common.models import AwareDateTime, Timestamped, link_table, string_enum, utcnow
from participation.extensions import db


class AssetKind(enum.StrEnum):
    DUCT = "duct"
    POLE = "pole"
    MAST = "mast"
    TOWER = "tower"
    ROOFTOP = "rooftop"
    ROOM = "room"
    PARCEL = "parcel"


class AssetConditions(enum.StrEnum):
    FREE = "free"
    PRICED = "priced"
    ON_REQUEST = "on_request"


class AssetStatus(enum.StrEnum):
    AVAILABLE = "available"  # offered for sharing
    RESERVED = "reserved"  # promised to someone: not offered now
    UNAVAILABLE = "unavailable"  # full or withdrawn


class Asset(Timestamped, db.Model):
    """A duct, pole, mast, tower, rooftop, room or land parcel a municipality offers for building networks."""

    __tablename__ = "infrastructure_asset"

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id", ondelete="CASCADE"), index=True)
    kind: Mapped[AssetKind] = mapped_column(string_enum(AssetKind), index=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    owner: Mapped[str] = mapped_column(String(200))
    conditions: Mapped[AssetConditions] = mapped_column(string_enum(AssetConditions), index=True)
    conditions_note: Mapped[str] = mapped_column(Text, default="")
    contact: Mapped[str] = mapped_column(String(300), default="")
    status: Mapped[AssetStatus] = mapped_column(string_enum(AssetStatus), default=AssetStatus.AVAILABLE,
                                                index=True)
    # Ducts: what is free ("2 of 4 HDPE 40 mm tubes").
    free_capacity: Mapped[str] = mapped_column(String(200), default="")
    # Land parcels: katastrální území and parcel number ("Horní Čermná", "1234/5").
    cadastral_area: Mapped[str] = mapped_column(String(120), default="")
    parcel_number: Mapped[str] = mapped_column(String(40), default="")
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    # A GeoJSON LineString (longitude first), for a duct's route.
    route: Mapped[str | None] = mapped_column(Text)
    # Ducts laid in a planned work's trench become assets when the works finish.
    source_work_id: Mapped[int | None] = mapped_column(ForeignKey("planned_work.id", ondelete="SET NULL"),
                                                       index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)

    municipality = relationship("Municipality")

    @property
    def is_shareable(self) -> bool:
        return self.status == AssetStatus.AVAILABLE


class WorkKind(enum.StrEnum):
    ROAD = "road"
    WATER = "water"
    SEWER = "sewer"
    ELECTRICITY = "electricity"
    LIGHTING = "lighting"
    OTHER = "other"


class WorkStatus(enum.StrEnum):
    PLANNED = "planned"
    UNDER_WAY = "under_way"
    FINISHED = "finished"
    CANCELLED = "cancelled"


class PlannedWork(Timestamped, db.Model):
    """Civil works a municipality announces ahead, so that others can lay ducts in the same trench."""

    __tablename__ = "planned_work"

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id", ondelete="CASCADE"), index=True)
    kind: Mapped[WorkKind] = mapped_column(string_enum(WorkKind), index=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    route: Mapped[str] = mapped_column(Text)
    starts_on: Mapped[date] = mapped_column(Date, index=True)
    ends_on: Mapped[date | None] = mapped_column(Date)
    joining_deadline: Mapped[date] = mapped_column(Date, index=True)
    contact: Mapped[str] = mapped_column(String(300), default="")
    status: Mapped[WorkStatus] = mapped_column(string_enum(WorkStatus), default=WorkStatus.PLANNED, index=True)
    finished_at: Mapped[datetime | None] = mapped_column(AwareDateTime())
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)

    municipality = relationship("Municipality")
    join_requests: Mapped[list["JoinRequest"]] = relationship(
        back_populates="work", order_by="JoinRequest.created_at")


class RequestState(enum.StrEnum):
    PENDING = "pending"
    AGREED = "agreed"
    REFUSED = "refused"


class JoinRequest(db.Model):
    """An operator's request to lay ducts or cables in a planned work's trench; the owner agrees or refuses."""

    __tablename__ = "planned_work_join_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    work_id: Mapped[int] = mapped_column(ForeignKey("planned_work.id", ondelete="CASCADE"), index=True)
    operator_id: Mapped[int] = mapped_column(ForeignKey("operator.id", ondelete="CASCADE"), index=True)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    what: Mapped[str] = mapped_column(Text)  # what they would lay ("2× HDPE 40 mm along the whole route")
    created_at: Mapped[datetime] = mapped_column(AwareDateTime(), default=utcnow, index=True)
    state: Mapped[RequestState] = mapped_column(string_enum(RequestState), default=RequestState.PENDING,
                                                index=True)
    answer: Mapped[str] = mapped_column(Text, default="")  # conditions when agreed, the reason when refused
    answered_at: Mapped[datetime | None] = mapped_column(AwareDateTime())
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)

    work: Mapped[PlannedWork] = relationship(back_populates="join_requests")
    operator = relationship("Operator")


access_request_locality = link_table("access_request", "locality")


class AccessRequest(db.Model):
    """An operator's request to use an asset or a parcel, to be answered by `due_on`."""

    __tablename__ = "access_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    asset_id: Mapped[int] = mapped_column(ForeignKey("infrastructure_asset.id", ondelete="CASCADE"), index=True)
    operator_id: Mapped[int] = mapped_column(ForeignKey("operator.id", ondelete="CASCADE"), index=True)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    purpose: Mapped[str] = mapped_column(Text)
    timetable: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(AwareDateTime(), default=utcnow, index=True)
    due_on: Mapped[date] = mapped_column(Date, index=True)
    state: Mapped[RequestState] = mapped_column(string_enum(RequestState), default=RequestState.PENDING,
                                                index=True)
    answer: Mapped[str] = mapped_column(Text, default="")
    answered_at: Mapped[datetime | None] = mapped_column(AwareDateTime())
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    agreement_id: Mapped[int | None] = mapped_column(ForeignKey("agreement.id", ondelete="SET NULL"), index=True)

    asset: Mapped[Asset] = relationship()
    operator = relationship("Operator")
    localities = relationship("Locality", secondary=access_request_locality, order_by="Locality.search_name")

    @property
    def answered_in_time(self) -> bool:
        return self.answered_at is not None and self.answered_at.date() <= self.due_on
