"""Thread: the discussion of one commentable item.

A commentable model (proposal, agreement, project, consultation) holds a
`thread_id`; comments belong to a thread, so the discussion code never needs
to know what it is attached to.
"""

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from participation.common.models import AwareDateTime, utcnow
from participation.extensions import db


class Thread(db.Model):
    __tablename__ = "thread"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(AwareDateTime(), default=utcnow)
    # What the thread belongs to ("proposal", "project", ...), for links and notices.
    subject_type: Mapped[str] = mapped_column(String(40))
