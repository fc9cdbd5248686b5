"""Event: something happened that followers may want to hear about."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from participation.common.models import AwareDateTime, utcnow
from participation.extensions import db


class Event(db.Model):
    __tablename__ = "event"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(AwareDateTime(), default=utcnow, index=True)
    # e.g. "proposal.status_changed", "proposal.threshold_reached", "comment.reply"
    kind: Mapped[str] = mapped_column(String(60), index=True)
    subject_type: Mapped[str] = mapped_column(String(40))
    subject_id: Mapped[int] = mapped_column(Integer)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    payload: Mapped[dict] = mapped_column(JSON, default=dict)
    # Set once the event has been fanned out to notifications.
    dispatched_at: Mapped[datetime | None] = mapped_column(AwareDateTime(), index=True)
