"""Demo notifications: what the seeded data would have told each demo person.

Seeding sends no email: events recorded by earlier seeds are fanned out here,
in-app only. Then each demo account that has fewer than three unread
notifications follows its home municipality and hears of the newest proposals
published there (or anywhere, in a small demo territory).
"""

from sqlalchemy import or_, select

from participation.accounts.models import User
from participation.common.models import utcnow
from participation.extensions import db
from participation.follows.services import follow_in_transaction
from participation.notifications.dispatch import dispatch_event, pending_event_ids
from participation.notifications.models import Event, Notification

WANTED_UNREAD = 3


def _demo_users() -> list[User]:
    try:
        from participation.admin.demo_data import DEMO_USERS
    except ImportError:
        return []
    emails = [person["email"] for person in DEMO_USERS]
    return list(db.session.scalars(select(User).where(User.email.in_(emails)).order_by(User.id)))


def _recent_public_proposals(user: User, limit: int):
    try:
        from participation.proposals.models import Proposal, ProposalStatus, proposal_municipality
    except ImportError:
        return []
    public = select(Proposal).where(
        Proposal.status != ProposalStatus.DRAFT, Proposal.hidden_at.is_(None), Proposal.published_at.is_not(None),
        or_(Proposal.author_id.is_(None), Proposal.author_id != user.id),
    )
    local = public.where(Proposal.id.in_(
        select(proposal_municipality.c.proposal_id).where(
            proposal_municipality.c.municipality_id == user.home_municipality_id)
    ))
    chosen = list(db.session.scalars(local.order_by(Proposal.published_at.desc()).limit(limit)))
    if len(chosen) < limit:
        known = {p.id for p in chosen}
        chosen += [p for p in db.session.scalars(public.order_by(Proposal.published_at.desc()).limit(limit * 2))
                   if p.id not in known][: limit - len(chosen)]
    return chosen


def _published_event(proposal) -> Event:
    event = db.session.scalar(select(Event).where(
        Event.kind == "proposal.published", Event.subject_type == "proposal", Event.subject_id == proposal.id
    ).limit(1))
    if event is None:
        event = Event(kind="proposal.published", subject_type="proposal", subject_id=proposal.id,
                      actor_id=proposal.author_id, payload={}, created_at=proposal.published_at,
                      dispatched_at=utcnow())
        db.session.add(event)
        db.session.flush()
    return event


def _unread(user: User) -> int:
    return len(db.session.scalars(select(Notification.id).where(
        Notification.user_id == user.id, Notification.read_at.is_(None))).all())


def seed(context: dict) -> None:
    """Fan out seeded events (no email) and leave a few unread notifications per demo account."""
    for event_id in pending_event_ids(limit=100_000):
        dispatch_event(event_id, with_email=False)
    for user in _demo_users():
        missing = WANTED_UNREAD - _unread(user)
        if missing <= 0:
            continue
        if user.home_municipality is not None:
            follow_in_transaction(user, user.home_municipality)
        for proposal in _recent_public_proposals(user, WANTED_UNREAD):
            if missing <= 0:
                break
            event = _published_event(proposal)
            exists = db.session.scalar(select(Notification.id).where(
                Notification.user_id == user.id, Notification.event_id == event.id))
            if exists is None:
                db.session.add(Notification(user_id=user.id, event_id=event.id, created_at=event.created_at))
                missing -= 1
    db.session.commit()
