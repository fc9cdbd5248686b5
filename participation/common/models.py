"""Shared model mixins and column helpers."""

from datetime import UTC, datetime

from sqlalchemy import DateTime, ForeignKey, Integer
from sqlalchemy.orm import Mapped, declared_attr, mapped_column
from sqlalchemy.types import TypeDecorator


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
