"""The author's dated updates on a published proposal ("the bus company answered...").

Once people have supported a proposal its text stays as they supported it;
what happened since goes into updates, shown on the page oldest first and
told to the proposal's followers through an event (notifications turn it
into messages). A moderator in scope may hide an update, with a reason, audited.
"""

from flask import g
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from participation.audit import services as audit
from participation.common.models import utcnow
from participation.events.services import record_event
from participation.extensions import db
from participation.proposals.media_models import ProposalUpdate
from participation.proposals.models import Proposal
from participation.proposals.services import check_not_blocked

EVENT_KIND = "proposal.author_update"
MAX_LENGTH = 5000
# How much of an update the notification quotes.
EXCERPT_LENGTH = 280


def _municipality_id(proposal: Proposal) -> int | None:
    return proposal.municipalities[0].id if proposal.municipalities else None


def post_update(actor, proposal: Proposal, body: str) -> ProposalUpdate:
    """A dated update with an event for followers; a moderator posting one is audited.

    Raises services.PostingBlocked while a moderator's block covers the author here.
    """
    if getattr(actor, "id", None) == proposal.author_id:
        check_not_blocked(actor, [m.id for m in proposal.municipalities])
    body = body.strip()
    update = ProposalUpdate(proposal_id=proposal.id, author_id=getattr(actor, "id", None), body=body)
    db.session.add(update)
    db.session.flush()
    proposal.last_activity_at = utcnow()
    if getattr(actor, "id", None) != proposal.author_id:
        audit.record(actor, "proposal.update_post", "proposal", proposal.id,
                     municipality_id=_municipality_id(proposal), details={"update_id": update.id})
    excerpt = body if len(body) <= EXCERPT_LENGTH else body[:EXCERPT_LENGTH].rstrip() + "…"
    record_event(EVENT_KIND, "proposal", proposal.id, actor, update_id=update.id, excerpt=excerpt)
    db.session.commit()
    g.pop("_spolu_proposal_updates", None)
    return update


def hide_update(actor, proposal: Proposal, update: ProposalUpdate, reason: str) -> None:
    """A moderator hides an update from the page, with the reason shown in its place."""
    update.hidden_at = utcnow()
    update.hidden_by_id = getattr(actor, "id", None)
    update.hidden_reason = reason.strip()
    audit.record(actor, "proposal.update_hide", "proposal", proposal.id, reason=update.hidden_reason,
                 municipality_id=_municipality_id(proposal), details={"update_id": update.id})
    db.session.commit()
    g.pop("_spolu_proposal_updates", None)


def updates_of(proposal_id: int) -> list[ProposalUpdate]:
    """A proposal's updates, oldest first, with their authors: one query, once per request."""
    cache = g.setdefault("_spolu_proposal_updates", {})
    if proposal_id not in cache:
        cache[proposal_id] = list(db.session.scalars(
            select(ProposalUpdate).where(ProposalUpdate.proposal_id == proposal_id)
            .options(joinedload(ProposalUpdate.author))
            .order_by(ProposalUpdate.created_at, ProposalUpdate.id)
        ))
    return cache[proposal_id]


def load_update(proposal_id: int, update_id: int) -> ProposalUpdate | None:
    return db.session.scalar(select(ProposalUpdate).where(
        ProposalUpdate.id == update_id, ProposalUpdate.proposal_id == proposal_id))
