"""Where a proposal stands against its cross-municipal threshold: the stored counts read, its reaching recorded.

The rule itself is `thresholds`; the writes that move the counts are `services`
(which re-exports these for its callers).
"""

from sqlalchemy import and_, select, update
from sqlalchemy.orm.attributes import set_committed_value

from participation.common.models import utcnow
from participation.events.services import record_event
from participation.extensions import db
from participation.proposals import thresholds
from participation.proposals.models import Proposal, SupportCount


def supports_by_municipality(proposal_id: int) -> dict[int, int]:
    """Supporters per home municipality: the stored counts (kept by triggers, counters.py)."""
    rows = db.session.execute(
        select(SupportCount.municipality_id, SupportCount.supporters)
        .where(SupportCount.proposal_id == proposal_id, SupportCount.supporters > 0)
    )
    return {municipality_id: count for municipality_id, count in rows}


def support_state(proposal_id: int):
    """(threshold reached at, [(municipality id, supporters, paper supporters)]) in one query."""
    rows = db.session.execute(
        select(Proposal.threshold_reached_at, SupportCount.municipality_id, SupportCount.supporters,
               SupportCount.paper_supporters)
        .select_from(Proposal)
        .outerjoin(SupportCount, and_(SupportCount.proposal_id == Proposal.id, SupportCount.supporters > 0))
        .where(Proposal.id == proposal_id)
    ).all()
    reached_at = rows[0][0] if rows else None
    return reached_at, [(m, n, paper) for _, m, n, paper in rows if m is not None]


def eligible_municipality_ids(proposal: Proposal) -> set[int] | None:
    """Municipalities that count towards the threshold: current members of its grouping, if any."""
    return _current_member_ids(proposal.grouping_id)


def _current_member_ids(grouping_id: int | None) -> set[int] | None:
    """Kept until a membership changes: every support and its panel ask it, memberships change yearly."""
    if grouping_id is None:
        return None
    from participation.common import page_cache
    from participation.territory.models import GroupingMembership

    return page_cache.remember("grouping-members", grouping_id, lambda: set(db.session.scalars(
        select(GroupingMembership.municipality_id).where(
            GroupingMembership.grouping_id == grouping_id,
            GroupingMembership.left_on.is_(None),
        )
    )))


def threshold_preview(municipality_ids: list[int], grouping_id: int | None) -> thresholds.ThresholdProgress | None:
    """The threshold a proposal would be held to with these municipalities and grouping (form, preview)."""
    from participation.territory.models import Grouping, Municipality

    if not municipality_ids:
        return None
    municipalities = db.session.scalars(
        select(Municipality).where(Municipality.id.in_(municipality_ids)).order_by(Municipality.name)
    ).all()
    grouping = db.session.get(Grouping, grouping_id) if grouping_id is not None else None
    member_ids = _current_member_ids(grouping.id) if grouping is not None else None
    return thresholds.evaluate(thresholds.rule_for(grouping), municipalities, {}, member_ids)


def threshold_progress(proposal: Proposal, counts: dict[int, int] | None = None) -> thresholds.ThresholdProgress:
    """How far the proposal is from its cross-municipal threshold."""
    if counts is None:
        counts = supports_by_municipality(proposal.id)
    rule = thresholds.rule_for(proposal.grouping)
    return thresholds.evaluate(rule, proposal.municipalities, counts, eligible_municipality_ids(proposal))


def check_threshold(proposal: Proposal) -> bool:
    """Record, once, the moment the threshold is reached; True if it happened now (committed).

    For changes committed before (paper supports, a merge): the last of
    several concurrent writers sees every one of them.
    """
    if not threshold_in_transaction(proposal):
        return False
    db.session.commit()
    return True


def threshold_in_transaction(proposal: Proposal) -> bool:
    """Record the moment the threshold is reached, once, in the caller's transaction; True if it happened now.

    A support calls it after its writes, which lock the proposal's row (its
    counters and last activity) until the commit: concurrent supporters of one
    proposal queue there, so each reads every support committed before its
    own, and the last of them sees them all. The conditional UPDATE makes sure
    only one records the date and the event. Reads the date and the counts in
    one query and leaves the counts for the support panel of the same request
    (reactions.remember_support_rows).
    """
    reached_at, rows = read_support_state(proposal)
    if reached_at is not None:
        return False
    progress = threshold_progress(proposal, {m: n for m, n, _ in rows})
    if not progress.reached:
        return False
    now = utcnow()
    result = db.session.execute(
        update(Proposal)
        .where(Proposal.id == proposal.id, Proposal.threshold_reached_at.is_(None))
        .values(threshold_reached_at=now)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        return False  # another writer recorded it first
    record_event(
        "proposal.threshold_reached", "proposal", proposal.id, None,
        municipalities=progress.municipalities_met,
    )
    set_committed_value(proposal, "threshold_reached_at", now)
    return True


def read_support_state(proposal: Proposal):
    """support_state, kept on the proposal and for the support panel of the same request."""
    from participation.proposals import reactions

    reached_at, rows = support_state(proposal.id)
    set_committed_value(proposal, "threshold_reached_at", reached_at)
    reactions.remember_support_rows(proposal, rows)
    return reached_at, rows
