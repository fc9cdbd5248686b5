"""Every change to referrals: passing a proposal on and recording the answer, audited and announced."""

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from participation.audit import services as audit
from participation.common.models import utcnow
from participation.events.services import record_event
from participation.extensions import db
from participation.referrals.models import Referral, ReferralLevel


def _first_municipality_id(proposal) -> int | None:
    return proposal.municipalities[0].id if proposal.municipalities else None


def refer(actor, proposal, level: ReferralLevel, addressee: str, reason: str) -> Referral:
    """Pass the proposal on (the view checked can_refer); its status does not change, the trail grows."""
    level = ReferralLevel(level)
    region_id = None
    if level == ReferralLevel.REGION and proposal.municipalities:
        region_id = proposal.municipalities[0].region_id
    referral = Referral(proposal_id=proposal.id, level=level, region_id=region_id,
                        addressee=addressee.strip(), reason=reason.strip(), referred_by_id=actor.id)
    db.session.add(referral)
    db.session.flush()
    proposal.last_activity_at = utcnow()
    audit.record(actor, "proposal.referred", "proposal", proposal.id, reason=referral.reason,
                 municipality_id=_first_municipality_id(proposal),
                 details={"referral_id": referral.id, "level": level.value, "addressee": referral.addressee})
    record_event("proposal.referred", "proposal", proposal.id, actor,
                 addressee=referral.addressee, reason=referral.reason)
    db.session.commit()
    return referral


def record_response(actor, referral: Referral, response: str) -> None:
    """The answer from the region or the state, dated today (the view checked can_record_response)."""
    referral.response = response.strip()
    referral.responded_at = utcnow()
    referral.responded_by_id = actor.id
    proposal = referral.proposal
    proposal.last_activity_at = utcnow()
    audit.record(actor, "referral.response", "proposal", proposal.id, reason="",
                 municipality_id=_first_municipality_id(proposal),
                 details={"referral_id": referral.id, "addressee": referral.addressee})
    record_event("proposal.referral_answered", "proposal", proposal.id, actor,
                 addressee=referral.addressee, response=referral.response[:500])
    db.session.commit()


def referrals_of(proposal_id: int) -> list[Referral]:
    """A proposal's referrals, oldest first, with the people and region they show, in one query."""
    return list(db.session.scalars(
        select(Referral).where(Referral.proposal_id == proposal_id)
        .options(joinedload(Referral.referred_by), joinedload(Referral.responded_by),
                 joinedload(Referral.region))
        .order_by(Referral.created_at, Referral.id)
    ))
