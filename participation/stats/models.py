"""Response-time figures kept per municipality and per grouping, so pages never compute them live."""

from datetime import datetime

from sqlalchemy import CheckConstraint, Float, ForeignKey, Integer
from sqlalchemy.orm import Mapped, mapped_column

from participation.common.models import AwareDateTime, utcnow
from participation.extensions import db


class ResponseTimeFigures(db.Model):
    """One municipality's or grouping's response times over the last 365 days, as last computed.

    Written by participation.stats.response_times (refresh): at once for the
    place an official answer is given on behalf of, and for every place by
    `flask stats refresh-response-times` (nightly, and to repair).
    """

    __tablename__ = "response_time_figures"
    __table_args__ = (
        CheckConstraint("(municipality_id IS NULL) <> (grouping_id IS NULL)", name="one_place"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int | None] = mapped_column(
        ForeignKey("municipality.id", ondelete="CASCADE"), unique=True)
    grouping_id: Mapped[int | None] = mapped_column(ForeignKey("grouping.id", ondelete="CASCADE"), unique=True)
    proposals: Mapped[int] = mapped_column(Integer, default=0)
    answered: Mapped[int] = mapped_column(Integer, default=0)
    median_days: Mapped[float | None] = mapped_column(Float)
    p90_days: Mapped[float | None] = mapped_column(Float)
    window_start: Mapped[datetime] = mapped_column(AwareDateTime())
    computed_at: Mapped[datetime] = mapped_column(AwareDateTime(), default=utcnow)
