"""Shared model mixins and column helpers."""

from datetime import UTC, datetime

from sqlalchemy import Column, DateTime, Enum, ForeignKey, Integer, Table
from sqlalchemy.orm import Mapped, declared_attr, mapped_column
from sqlalchemy.types import TypeDecorator

from participation.extensions import db


def utcnow() -> datetime:
    """Aware UTC now; every timestamp in Spolu is stored in UTC."""
    return datetime.now(UTC)


class AwareDateTime(TypeDecorator):
    """A timestamp stored in UTC that always comes back timezone-aware.

    PostgreSQL keeps the zone; SQLite forgets it, so we normalise both ways.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None and value.tzinfo is not None:
            value = value.astimezone(UTC)
            if dialect.name == "sqlite":
                value = value.replace(tzinfo=None)
        return value

    def process_result_value(self, value, dialect):
        return as_utc(value)


def as_utc(value: datetime | None) -> datetime | None:
    """SQLite returns naive datetimes; treat them as the UTC they were stored as."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


class Timestamped:
    """created_at and updated_at, set by the database layer."""

    created_at: Mapped[datetime] = mapped_column(
        AwareDateTime(), default=utcnow, nullable=False
    )
    updated_at: Mapped[datetime] = mapped_column(
        AwareDateTime(), default=utcnow, onupdate=utcnow, nullable=False
    )


class Authored:
    """A row written by a user; the author may be deleted later (anonymised, kept)."""

    @declared_attr
    def author_id(cls) -> Mapped[int | None]:
        return mapped_column(Integer, ForeignKey("user.id", ondelete="SET NULL"), index=True)


def string_enum(enum_class, length: int = 20) -> Enum:
    """An enum stored as its values in a VARCHAR (no database enum type to migrate when a member is added)."""
    return Enum(enum_class, native_enum=False, length=length,
                values_callable=lambda members: [m.value for m in members])


def link_table(left: str, right: str) -> Table:
    """A many-to-many table `<left>_<right>`: both keys cascade on delete, the right one is indexed."""
    return Table(
        f"{left}_{right}",
        db.metadata,
        Column(f"{left}_id", ForeignKey(f"{left}.id", ondelete="CASCADE"), primary_key=True),
        Column(f"{right}_id", ForeignKey(f"{right}.id", ondelete="CASCADE"), primary_key=True, index=True),
    )
