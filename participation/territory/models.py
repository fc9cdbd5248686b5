"""Territory: Region 1-* Municipality *-* Grouping (membership with dates)."""

import enum
from datetime import date

from sqlalchemy import Date, Enum, ForeignKey, Integer, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.common.models import Timestamped
from participation.extensions import db


class Region(Timestamped, db.Model):
    """A kraj, identified by its ISO 3166-2 code (CZ-53)."""

    __tablename__ = "region"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(10), unique=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)

    municipalities: Mapped[list["Municipality"]] = relationship(back_populates="region")

    def __repr__(self) -> str:
        return f"<Region {self.code} {self.name}>"


class Municipality(Timestamped, db.Model):
    """An obec, identified by its official six-digit code (kód obce)."""

    __tablename__ = "municipality"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(6), unique=True)
    name: Mapped[str] = mapped_column(String(120), index=True)
    # Lower-case name without diacritics, so that "cesk" finds "Česká Třebová".
    search_name: Mapped[str] = mapped_column(String(120), index=True, default="")
    population: Mapped[int] = mapped_column(Integer, default=0)
    region_id: Mapped[int] = mapped_column(ForeignKey("region.id"), index=True)

    region: Mapped[Region] = relationship(back_populates="municipalities")
    memberships: Mapped[list["GroupingMembership"]] = relationship(
        back_populates="municipality", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<Municipality {self.code} {self.name}>"


class GroupingKind(enum.StrEnum):
    DSO = "dso"
    MAS = "mas"
    ITI = "iti"
    MICROREGION = "microregion"
    OTHER = "other"


class Grouping(Timestamped, db.Model):
    """Any DSO, MAS, ITI or micro-region; sets its cross-municipal support threshold."""

    __tablename__ = "grouping"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    search_name: Mapped[str] = mapped_column(String(200), index=True, default="")
    kind: Mapped[GroupingKind] = mapped_column(
        Enum(GroupingKind, native_enum=False, length=20,
             values_callable=lambda kinds: [k.value for k in kinds]),
        index=True,
    )
    description: Mapped[str] = mapped_column(String(2000), default="")
    region_id: Mapped[int | None] = mapped_column(ForeignKey("region.id"), index=True)
    # The cross-municipal threshold: supported in at least `threshold_municipalities`
    # member municipalities, in each by max(threshold_min_supporters,
    # threshold_population_percent % of its population) residents.
    threshold_municipalities: Mapped[int] = mapped_column(Integer, default=3)
    threshold_min_supporters: Mapped[int] = mapped_column(Integer, default=10)
    threshold_population_percent: Mapped[float] = mapped_column(Numeric(5, 2), default=1)

    region: Mapped[Region | None] = relationship()
    memberships: Mapped[list["GroupingMembership"]] = relationship(
        back_populates="grouping", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<Grouping {self.kind} {self.name}>"


class GroupingMembership(db.Model):
    """A municipality's membership of a grouping; joined and left dates are optional."""

    __tablename__ = "grouping_membership"
    __table_args__ = (UniqueConstraint("grouping_id", "municipality_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    grouping_id: Mapped[int] = mapped_column(
        ForeignKey("grouping.id", ondelete="CASCADE"), index=True
    )
    municipality_id: Mapped[int] = mapped_column(
        ForeignKey("municipality.id", ondelete="CASCADE"), index=True
    )
    joined_on: Mapped[date | None] = mapped_column(Date)
    left_on: Mapped[date | None] = mapped_column(Date)

    grouping: Mapped[Grouping] = relationship(back_populates="memberships")
    municipality: Mapped[Municipality] = relationship(back_populates="memberships")
