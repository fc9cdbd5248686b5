"""Every change to proposals goes through here.

Functions whose names end in `_in_transaction` add to the current
transaction and leave the commit to their caller, so that another domain
(tying a proposal to an agreement, say) can combine them with its own
changes in one commit. The others commit.

Moderator actions (status, official answer, merge, paper support) live in
`participation.proposals.moderation`; reading for pages in `queries`.
"""

from dataclasses import dataclass

from sqlalchemy import delete, exists, select, update
from sqlalchemy.exc import IntegrityError

from participation.audit import services as audit
from participation.common.counters import commit_keeping_loaded, insert_ignoring_conflict
from participation.common.models import utcnow
from participation.common.text import fold
from participation.events.services import record_event
from participation.extensions import db
from participation.proposals.models import (
    Category,
    Proposal,
    ProposalStatus,
    StatusChange,
    Support,
    SupportSource,
)
from participation.proposals.threshold_state import (  # noqa: F401  (callers read the threshold from here)
    check_threshold,
    eligible_municipality_ids,
    read_support_state,
    support_state,
    supports_by_municipality,
    threshold_in_transaction,
    threshold_preview,
    threshold_progress,
)


class ProposalError(Exception):
    """A rule stopped the change; the message is for the user."""


class PostingBlocked(ProposalError):
    """A moderator's block stops the author writing about these municipalities."""


def check_not_blocked(author, municipality_ids) -> None:
    """Refuse writing or publishing while a posting block covers any of the municipalities."""
    from participation.moderation.blocks import block_message

    message = block_message(author, municipality_ids)
    if message is not None:
        raise PostingBlocked(message)


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


# --- Writing -----------------------------------------------------------------


@dataclass
class ProposalData:
    """What an author writes; validated by the form before it gets here."""

    title: str
    body: str
    category: Category
    municipality_ids: list[int]
    grouping_id: int | None = None
    latitude: float | None = None
    longitude: float | None = None


def _apply(proposal: Proposal, data: ProposalData) -> None:
    from participation.territory.models import Municipality

    proposal.title = data.title.strip()
    proposal.body = data.body.strip()
    proposal.search_text = fold(f"{proposal.title}\n{proposal.body}")
    proposal.category = Category(data.category)
    proposal.grouping_id = data.grouping_id
    proposal.latitude = data.latitude
    proposal.longitude = data.longitude
    ids = sorted(set(data.municipality_ids))
    proposal.municipalities = list(
        db.session.scalars(select(Municipality).where(Municipality.id.in_(ids)))
    )
    if not proposal.municipalities:
        raise ProposalError("no municipality")


def _create_thread_in_transaction(proposal: Proposal) -> None:
    """Every proposal gets its discussion thread at birth."""
    from participation.comments.models import Thread

    thread = Thread(subject_type="proposal")
    db.session.add(thread)
    db.session.flush()
    proposal.thread_id = thread.id


def create_proposal(author, data: ProposalData, *, publish: bool = False, before_commit=None) -> Proposal:
    """A new draft (or, with publish=True, published at once); the author follows it.

    before_commit(proposal) adds records of another domain to the same transaction (the
    verification domain marks a proposal filed at the office on a resident's behalf).
    """
    check_not_blocked(author, data.municipality_ids)
    proposal = Proposal(author_id=author.id, status=ProposalStatus.DRAFT, last_activity_at=utcnow())
    _apply(proposal, data)
    db.session.add(proposal)
    db.session.flush()
    _create_thread_in_transaction(proposal)
    if publish:
        _publish_in_transaction(author, proposal)
    follow_in_transaction(author, proposal, "create")
    if before_commit is not None:
        before_commit(proposal)
    db.session.commit()
    return proposal


def update_proposal(author, proposal: Proposal, data: ProposalData) -> Proposal:
    """Save the author's edits (the view has checked can_edit)."""
    check_not_blocked(author, data.municipality_ids)
    _apply(proposal, data)
    proposal.last_activity_at = utcnow()
    db.session.commit()
    return proposal


def _publish_in_transaction(author, proposal: Proposal) -> None:
    now = utcnow()
    db.session.add(StatusChange(
        proposal_id=proposal.id, author_id=author.id,
        from_status=ProposalStatus.DRAFT, to_status=ProposalStatus.PUBLISHED, reason="",
    ))
    proposal.status = ProposalStatus.PUBLISHED
    proposal.published_at = now
    proposal.last_activity_at = now
    record_event("proposal.published", "proposal", proposal.id, author, title=proposal.title)


def publish(author, proposal: Proposal) -> None:
    """Make a draft public."""
    if proposal.status != ProposalStatus.DRAFT:
        raise ProposalError("not a draft")
    check_not_blocked(author, [m.id for m in proposal.municipalities])
    _publish_in_transaction(author, proposal)
    db.session.commit()


def withdraw(author, proposal: Proposal, reason: str = "") -> None:
    """The author takes the proposal back; it stays visible, marked withdrawn."""
    previous = proposal.status
    now = utcnow()
    db.session.add(StatusChange(
        proposal_id=proposal.id, author_id=author.id,
        from_status=previous, to_status=ProposalStatus.WITHDRAWN, reason=reason,
    ))
    proposal.status = ProposalStatus.WITHDRAWN
    proposal.withdrawn_at = now
    proposal.last_activity_at = now
    record_event(
        "proposal.status_changed", "proposal", proposal.id, author,
        from_status=str(previous), to_status=str(ProposalStatus.WITHDRAWN), reason=reason,
    )
    db.session.commit()


def delete_draft(author, proposal: Proposal) -> None:
    """A draft nobody else has seen can simply go."""
    if proposal.status != ProposalStatus.DRAFT:
        raise ProposalError("not a draft")
    thread_id = proposal.thread_id
    db.session.delete(proposal)
    db.session.flush()
    if thread_id is not None:
        from participation.comments.models import Thread

        db.session.execute(delete(Thread).where(Thread.id == thread_id))
    db.session.commit()


# --- Following ---------------------------------------------------------------


def follow_in_transaction(user, proposal: Proposal, trigger: str) -> None:
    """Authors and supporters follow the proposal, through the follows domain when it is there.

    The follows domain respects each user's auto-follow settings; until it
    exists, a Follow row is inserted here (never two).
    """
    from participation.follows import services as follows

    if follows is not None and hasattr(follows, "auto_follow"):
        follows.auto_follow(user, proposal, trigger)
        return
    _insert_follow_in_transaction(user.id, proposal.id)


def _insert_follow_in_transaction(user_id: int, proposal_id: int) -> None:
    from participation.follows.models import Follow

    already = db.session.scalar(
        select(exists().where(Follow.user_id == user_id, Follow.proposal_id == proposal_id))
    )
    if already:
        return
    try:
        with db.session.begin_nested():
            db.session.add(Follow(user_id=user_id, proposal_id=proposal_id))
    except IntegrityError:
        pass


# --- Reactions (what freezes editing) ------------------------------------------


# --- Supporting ----------------------------------------------------------------


def support(user, proposal: Proposal) -> bool:
    """Add the user's support, counted for their home municipality now; True if new.

    The unique constraint on (proposal, user) is the guard: a double click,
    a second tab or a replayed form hits it and changes nothing. One INSERT
    ... ON CONFLICT DO NOTHING; the counters follow by trigger (counters.py).
    The commit keeps the loaded proposal and user, so that the support panel
    that follows does not reload them.
    """
    added = insert_ignoring_conflict(
        Support, proposal_id=proposal.id, user_id=user.id, municipality_id=user.home_municipality_id,
        source=SupportSource.ONLINE, created_at=utcnow(),
    )
    if not added:
        db.session.rollback()
        return False
    db.session.execute(
        update(Proposal).where(Proposal.id == proposal.id).values(last_activity_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    record_event("proposal.supported", "proposal", proposal.id, user)
    follow_in_transaction(user, proposal, "support")
    threshold_in_transaction(proposal)
    commit_keeping_loaded()
    return True


def unsupport(user, proposal: Proposal) -> bool:
    """Take the user's support back; True if there was one."""
    result = db.session.execute(
        delete(Support).where(Support.proposal_id == proposal.id, Support.user_id == user.id)
        .execution_options(synchronize_session=False)
    )
    read_support_state(proposal)  # for the panel that follows, before the commit: one transaction, not two
    commit_keeping_loaded()
    return bool(result.rowcount)


def user_supports(user, proposal: Proposal) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return bool(db.session.scalar(
        select(exists().where(Support.proposal_id == proposal.id, Support.user_id == user.id))
    ))
