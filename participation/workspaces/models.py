"""A municipality's reusable answer texts, and the inbox reminders already sent."""

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.common.models import AwareDateTime, Timestamped, utcnow
from participation.extensions import db


class AnswerTemplate(Timestamped, db.Model):
    """A text a municipality's moderators reuse for official answers ("we will check it on site")."""

    __tablename__ = "answer_template"
    __table_args__ = (UniqueConstraint("municipality_id", "title"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(120))
    body: Mapped[str] = mapped_column(Text)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)

    municipality = relationship("Municipality")
    updated_by = relationship("User")

    def __repr__(self) -> str:
        return f"<AnswerTemplate {self.id} {self.title}>"


class InboxReminder(db.Model):
    """One reminder sent to a municipality's moderators about one waiting item and one threshold.

    `item` names what waits in the inbox ("new:p12", "reports:c5"); the unique
    key is what keeps a daily `flask workspaces remind` from sending it twice.
    """

    __tablename__ = "inbox_reminder"
    __table_args__ = (UniqueConstraint("municipality_id", "item", "threshold_days"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id", ondelete="CASCADE"), index=True)
    item: Mapped[str] = mapped_column(String(40))
    threshold_days: Mapped[int] = mapped_column(Integer)
    waiting_since: Mapped[datetime] = mapped_column(AwareDateTime())
    sent_at: Mapped[datetime] = mapped_column(AwareDateTime(), default=utcnow, index=True)
    recipients: Mapped[int] = mapped_column(Integer, default=0)
