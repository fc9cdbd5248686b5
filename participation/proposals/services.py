"""Every change to proposals goes through here.

Functions whose names end in `_in_transaction` add to the current
transaction and leave the commit to their caller, so that another domain
(tying a proposal to an agreement, say) can combine them with its own
changes in one commit. The others commit.
"""

from participation.audit import services as audit
from participation.common.models import utcnow
from participation.extensions import db
from participation.notifications.events import record_event
from participation.proposals.models import Proposal, ProposalStatus, StatusChange


def change_status_in_transaction(
    actor, proposal: Proposal, new_status: ProposalStatus, reason: str, *, audit_action: str = "proposal.status"
) -> StatusChange:
    """Move a proposal to a new status with a dated, authored, reasoned record.

    Writes the StatusChange shown on the proposal, an audit entry and an event
    for followers. The caller commits.
    """
    change = StatusChange(
        proposal_id=proposal.id,
        author_id=getattr(actor, "id", None),
        from_status=proposal.status,
        to_status=new_status,
        reason=reason,
    )
    db.session.add(change)
    previous = proposal.status
    proposal.status = new_status
    proposal.last_activity_at = utcnow()
    first_municipality = proposal.municipalities[0].id if proposal.municipalities else None
    audit.record(
        actor, audit_action, "proposal", proposal.id, reason=reason,
        municipality_id=first_municipality,
        details={"from": str(previous), "to": str(new_status)},
    )
    record_event(
        "proposal.status_changed", "proposal", proposal.id, actor,
        from_status=str(previous), to_status=str(new_status), reason=reason,
    )
    return change
