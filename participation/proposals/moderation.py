"""What moderators and representatives do to proposals.

Each function is one transaction with an audit entry (who, what, when, why)
and an event for followers.
"""

from sqlalchemy import delete, insert, select, update

from participation.audit import services as audit
from participation.common.models import utcnow
from participation.events.services import record_event
from participation.extensions import db
from participation.proposals.models import (
    OfficialAnswer,
    Proposal,
    ProposalStatus,
    Support,
    proposal_municipality,
)
from participation.proposals.services import ProposalError, change_status_in_transaction, check_threshold


def _first_municipality_id(proposal: Proposal) -> int | None:
    return proposal.municipalities[0].id if proposal.municipalities else None


def change_status(actor, proposal: Proposal, new_status: ProposalStatus, reason: str) -> None:
    """Set a status (under review, not taken up, solved, ...) with a reason."""
    if new_status == proposal.status:
        raise ProposalError("same status")
    change_status_in_transaction(actor, proposal, new_status, reason)
    db.session.commit()


def add_official_answer(actor, proposal: Proposal, body: str, *,
                        municipality_id: int | None = None, grouping_id: int | None = None) -> OfficialAnswer:
    """Publish an answer on behalf of a municipality or a grouping."""
    answer = OfficialAnswer(
        proposal_id=proposal.id, author_id=actor.id, body=body.strip(),
        municipality_id=municipality_id, grouping_id=grouping_id,
    )
    db.session.add(answer)
    proposal.last_activity_at = utcnow()
    db.session.flush()
    audit.record(
        actor, "proposal.official_answer", "proposal", proposal.id,
        municipality_id=municipality_id or _first_municipality_id(proposal),
        details={"answer_id": answer.id, "grouping_id": grouping_id},
    )
    record_event(
        "proposal.official_answer", "proposal", proposal.id, actor,
        answer_id=answer.id, municipality_id=municipality_id, grouping_id=grouping_id,
    )
    db.session.commit()
    return answer


def merge(actor, duplicate: Proposal, survivor: Proposal, reason: str) -> int:
    """Merge a duplicate into a survivor; returns how many supports moved.

    A person who supported both keeps only the survivor's support, so nobody
    counts twice. The survivor gains the duplicate's municipalities and
    followers; the duplicate is marked merged and points to the survivor.
    """
    if duplicate.id == survivor.id:
        raise ProposalError("same proposal")
    survivor_supporters = select(Support.user_id).where(
        Support.proposal_id == survivor.id, Support.user_id.is_not(None)
    )
    dropped = db.session.execute(
        delete(Support).where(
            Support.proposal_id == duplicate.id, Support.user_id.in_(survivor_supporters)
        ).execution_options(synchronize_session=False)
    ).rowcount
    moved = db.session.execute(
        update(Support).where(Support.proposal_id == duplicate.id)
        .values(proposal_id=survivor.id).execution_options(synchronize_session=False)
    ).rowcount
    _add_municipalities_in_transaction(duplicate, survivor)
    _move_followers_in_transaction(duplicate, survivor)
    duplicate.merged_into_id = survivor.id
    survivor.last_activity_at = utcnow()
    change_status_in_transaction(actor, duplicate, ProposalStatus.MERGED, reason, audit_action="proposal.merge")
    audit.record(
        actor, "proposal.merged_into", "proposal", survivor.id, reason=reason,
        municipality_id=_first_municipality_id(survivor),
        details={"duplicate_id": duplicate.id, "moved": moved, "dropped_double": dropped},
    )
    record_event(
        "proposal.merged", "proposal", duplicate.id, actor,
        survivor_id=survivor.id, survivor_title=survivor.title, reason=reason,
    )
    db.session.commit()
    db.session.expire(survivor)
    check_threshold(survivor)
    return moved


def _add_municipalities_in_transaction(duplicate: Proposal, survivor: Proposal) -> None:
    have = {m.id for m in survivor.municipalities}
    missing = [m.id for m in duplicate.municipalities if m.id not in have]
    if missing:
        db.session.execute(insert(proposal_municipality), [
            {"proposal_id": survivor.id, "municipality_id": municipality_id} for municipality_id in missing
        ])


def _move_followers_in_transaction(duplicate: Proposal, survivor: Proposal) -> None:
    """Whoever followed the duplicate now follows the survivor (once)."""
    from participation.follows.models import Follow

    already = select(Follow.user_id).where(Follow.proposal_id == survivor.id)
    followers = db.session.scalars(
        select(Follow.user_id).where(Follow.proposal_id == duplicate.id, Follow.user_id.not_in(already))
    ).all()
    if followers:
        db.session.execute(insert(Follow), [
            {"user_id": user_id, "proposal_id": survivor.id, "created_at": utcnow()} for user_id in followers
        ])
