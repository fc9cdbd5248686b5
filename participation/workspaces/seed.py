"""Demo data for My Spolu: the demo resident supports a few proposals.

The other seeds give the resident proposals, comments, follows and an open
consultation, but no support, so "What I support" would be empty for the
demo login. Idempotent: a support that exists is left as it is.
"""

from sqlalchemy import exists, select

from participation.accounts.models import User
from participation.extensions import db
from participation.proposals import services
from participation.proposals.models import OPEN_STATUSES, Proposal, Support, proposal_municipality

DEMO_RESIDENT = "obyvatel@example.cz"
SUPPORTS = 2


def seed(context: dict) -> None:
    """The demo resident supports up to two open proposals of others in their home municipality."""
    resident = db.session.scalar(select(User).where(User.email == DEMO_RESIDENT))
    if resident is None or resident.home_municipality_id is None:
        return
    if db.session.scalar(select(exists().where(Support.user_id == resident.id))):
        return
    touching_home = select(proposal_municipality.c.proposal_id).where(
        proposal_municipality.c.municipality_id == resident.home_municipality_id
    )
    candidates = db.session.scalars(
        select(Proposal).where(
            Proposal.id.in_(touching_home), Proposal.status.in_(OPEN_STATUSES),
            Proposal.hidden_at.is_(None), Proposal.author_id != resident.id,
        ).order_by(Proposal.published_at, Proposal.id).limit(SUPPORTS)
    ).all()
    for proposal in candidates:
        services.support(resident, proposal)
