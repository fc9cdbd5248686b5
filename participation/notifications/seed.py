"""Demo notifications: what the seeded data would have told each demo person.

Seeding sends no email: events recorded by earlier seeds are fanned out here,
in-app only. Then each demo account that has fewer than three unread
notifications follows its home municipality and hears of the newest proposals
published there (or anywhere, in a small demo territory). The demo resident
also follows the most discussed proposal and has one bundled notification
counting its comments ("5 new comments").
"""

from sqlalchemy import func, or_, select

from participation.accounts.models import User
from participation.common.models import utcnow
from participation.extensions import db
from participation.follows.services import follow_in_transaction
from participation.notifications.dispatch import dispatch_event, pending_event_ids
from participation.notifications.models import Event, Notification, NotificationTally

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


def _notify(user: User, event: Event, count: int = 1) -> bool:
    """A bundled notification about the event's proposal counting `count` events of its kind (once)."""
    exists = db.session.scalar(select(Notification.id).where(
        Notification.user_id == user.id, Notification.subject_type == event.subject_type,
        Notification.subject_id == event.subject_id))
    if exists is not None:
        return False
    notification = Notification(user_id=user.id, event_id=event.id, subject_type=event.subject_type,
                                subject_id=event.subject_id, event_count=count, created_at=event.created_at,
                                updated_at=event.created_at)
    db.session.add(notification)
    db.session.flush()
    db.session.add(NotificationTally(notification_id=notification.id, kind=event.kind, count=count))
    return True


def _bundle_of_comments(user: User) -> None:
    """The demo resident follows the most discussed proposal they did not write and hears of its comments."""
    try:
        from participation.comments.models import Comment
        from participation.proposals.models import Proposal, ProposalStatus
    except ImportError:
        return
    row = db.session.execute(
        select(Proposal, func.count(Comment.id), func.max(Comment.id))
        .join(Comment, Comment.thread_id == Proposal.thread_id)
        .where(Proposal.status != ProposalStatus.DRAFT, Proposal.hidden_at.is_(None),
               or_(Proposal.author_id.is_(None), Proposal.author_id != user.id),
               or_(Comment.author_id.is_(None), Comment.author_id != user.id),
               Comment.hidden_at.is_(None), Comment.deleted_at.is_(None))
        .group_by(Proposal.id)
        .order_by(func.count(Comment.id).desc(), Proposal.id)
        .limit(1)
    ).first()
    if row is None or row[1] < 2:
        return
    proposal, count, newest_id = row
    follow_in_transaction(user, proposal)
    newest = db.session.get(Comment, newest_id)
    event = db.session.scalar(select(Event).where(
        Event.kind == "comment.created", Event.subject_type == "proposal", Event.subject_id == proposal.id,
    ).order_by(Event.id.desc()).limit(1))
    if event is None:
        event = Event(kind="comment.created", subject_type="proposal", subject_id=proposal.id,
                      actor_id=newest.author_id, payload={"comment_id": newest.id, "thread_id": newest.thread_id},
                      created_at=newest.created_at or utcnow(), dispatched_at=utcnow())
        db.session.add(event)
        db.session.flush()
    _notify(user, event, count)


def _unread(user: User) -> int:
    return len(db.session.scalars(select(Notification.id).where(
        Notification.user_id == user.id, Notification.read_at.is_(None))).all())


def seed(context: dict) -> None:
    """Fan out seeded events (no email) and leave a few unread notifications per demo account."""
    for event_id in pending_event_ids(limit=100_000):
        dispatch_event(event_id, with_email=False)
    users = _demo_users()
    resident = next((u for u in users if u.email == "obyvatel@example.cz"), None)
    if resident is not None:
        if resident.home_municipality is not None:  # "Places I follow" in the preferences is not empty
            follow_in_transaction(resident, resident.home_municipality)
        _bundle_of_comments(resident)
    for user in users:
        missing = WANTED_UNREAD - _unread(user)
        if missing <= 0:
            continue
        if user.home_municipality is not None:
            follow_in_transaction(user, user.home_municipality)
        for proposal in _recent_public_proposals(user, WANTED_UNREAD):
            if missing <= 0:
                break
            if _notify(user, _published_event(proposal)):
                missing -= 1
    db.session.commit()
