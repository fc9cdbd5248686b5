"""Notifications, preferences, settings and email deliveries.

Domains record events (participation.events) as part of their own transaction;
the notifications domain turns them into notifications and emails later, off
the request path.
"""

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.common.models import AwareDateTime, utcnow
from participation.events.models import Event
from participation.extensions import db

__all__ = ["Delivery", "Event", "Notification", "NotificationPreference", "NotificationSettings",
           "NotificationTally"]


class Notification(db.Model):
    """What happened to one item, told to one user: one row per (user, item), updated in place.

    Each event about the item (a comment, an official answer...) raises
    `event_count` and its kind's tally and points `event_id` at the newest
    event; once the user has read it, the next event starts the count again
    from one. Rows written before bundling (and by hand) have no subject and
    tell their one event.
    """

    __tablename__ = "notification"
    __table_args__ = (
        UniqueConstraint("user_id", "subject_type", "subject_id"),
        Index("ix_notification_user_read", "user_id", "read_at"),
        Index("ix_notification_user_created", "user_id", "created_at"),
        Index("ix_notification_user_updated", "user_id", "updated_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    # The newest event told; its item or the one it groups under (items.group_ref) is the subject.
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    subject_type: Mapped[str | None] = mapped_column(String(40))
    subject_id: Mapped[int | None] = mapped_column(Integer)
    # Events since the user last read it.
    event_count: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(AwareDateTime(), default=utcnow)
    # When the newest event was told: the centre's order and the digest's period.
    updated_at: Mapped[datetime] = mapped_column(AwareDateTime(), default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(AwareDateTime())

    event: Mapped[Event] = relationship()


class NotificationTally(db.Model):
    """How many events of one kind a notification counts since it was last read."""

    __tablename__ = "notification_tally"
    __table_args__ = (UniqueConstraint("notification_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    notification_id: Mapped[int] = mapped_column(ForeignKey("notification.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(60))
    count: Mapped[int] = mapped_column(Integer, default=1)


class NotificationPreference(db.Model):
    """How one user wants email about one topic; no row means the topic's default."""

    __tablename__ = "notification_preference"
    __table_args__ = (UniqueConstraint("user_id", "topic"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    topic: Mapped[str] = mapped_column(String(40))
    # "immediately", "daily", "weekly" or "never" (see participation.notifications.topics)
    mode: Mapped[str] = mapped_column(String(20))
    updated_at: Mapped[datetime] = mapped_column(AwareDateTime(), default=utcnow, onupdate=utcnow)


class NotificationSettings(db.Model):
    """A user's switches for following automatically; no row means all on."""

    __tablename__ = "notification_settings"

    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), primary_key=True)
    auto_follow_create: Mapped[bool] = mapped_column(Boolean, default=True)
    auto_follow_support: Mapped[bool] = mapped_column(Boolean, default=True)
    auto_follow_comment: Mapped[bool] = mapped_column(Boolean, default=True)


class Delivery(db.Model):
    """One message on one channel, keyed so that a retried job never sends it twice.

    The key is "<channel>:<user>:event:<event id>" for an immediate email and
    "<channel>:<user>:<daily|weekly>:<period start>" for a digest.
    """

    __tablename__ = "delivery"
    __table_args__ = (Index("ix_delivery_period", "period", "period_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(120), unique=True)
    channel: Mapped[str] = mapped_column(String(20), default="email")
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    # For digests: "daily" or "weekly", and the first day of the period (local date).
    period: Mapped[str | None] = mapped_column(String(10))
    period_start: Mapped[date | None] = mapped_column(Date)
    # "pending", "sent", "failed" (retries exhausted) or "skipped" (nothing left to say)
    status: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(AwareDateTime(), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(AwareDateTime())

    user = relationship("User")
