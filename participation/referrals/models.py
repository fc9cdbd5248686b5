"""Proposal 1-* Referral: passed on to the region or the state, with the answer when it comes."""

import enum
from datetime import datetime

from sqlalchemy import Enum, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.common.models import AwareDateTime, Timestamped, utcnow
from participation.extensions import db


class ReferralLevel(enum.StrEnum):
    REGION = "region"  # the kraj: its office, a department, the regional council
    STATE = "state"  # a ministry or another state body


class Referral(Timestamped, db.Model):
    """A dated hand-over of a proposal to a higher level, with who, to whom, why and the answer."""

    __tablename__ = "referral"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposal.id", ondelete="CASCADE"), index=True)
    level: Mapped[ReferralLevel] = mapped_column(
        Enum(ReferralLevel, native_enum=False, length=20, values_callable=lambda m: [x.value for x in m])
    )
    # The region whose office received it (for level "region"); its administrators record the answer.
    region_id: Mapped[int | None] = mapped_column(ForeignKey("region.id"), index=True)
    addressee: Mapped[str] = mapped_column(String(200))
    reason: Mapped[str] = mapped_column(Text)
    referred_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    response: Mapped[str] = mapped_column(Text, default="")
    responded_at: Mapped[datetime | None] = mapped_column(AwareDateTime())
    responded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)

    proposal = relationship("Proposal")
    region = relationship("Region")
    referred_by = relationship("User", foreign_keys=[referred_by_id])
    responded_by = relationship("User", foreign_keys=[responded_by_id])

    @property
    def days_waiting(self) -> int:
        """Whole days since it was passed on (for "no answer yet")."""
        return max(0, (utcnow() - self.created_at).days)
