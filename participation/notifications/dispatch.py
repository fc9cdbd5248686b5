"""Turning recorded events into notifications and pending email deliveries.

An event is claimed by setting its dispatched_at in the same transaction that
writes its notifications, so two dispatchers never fan one event out twice.

Notifications are bundled: each person has one notification per item (the
event's subject, or the item a reply groups under), updated in place. The
fan-out is a fixed handful of set-based statements whatever the number of
recipients: reset the tallies of bundles already read, raise the count of
the recipients' bundles (starting again from one where read), insert the
missing bundles, then raise or insert the tally of the event's kind, and one
INSERT ... SELECT for the immediate emails.
"""

import logging
from datetime import timedelta

from flask import current_app
from sqlalchemy import String, and_, case, cast, delete, exists, insert, literal, select, update
from sqlalchemy.orm import aliased

from participation.accounts.models import User
from participation.common.models import AwareDateTime, utcnow
from participation.extensions import db
from participation.notifications import recipients
from participation.notifications.context import public_url_context
from participation.notifications.items import describe, describe_one, group_ref, item_ref
from participation.notifications.models import (
    Delivery,
    Event,
    Notification,
    NotificationPreference,
    NotificationTally,
)
from participation.notifications.topics import IMMEDIATELY, TOPIC_BY_NAME, topic_of

log = logging.getLogger(__name__)

EMAIL = "email"


def dispatchable_kinds() -> list[str]:
    return sorted(recipients.RULES)


def pending_event_ids(limit: int = 500) -> list[int]:
    """Undispatched events of kinds that have a rule, oldest first."""
    return list(db.session.scalars(
        select(Event.id)
        .where(Event.dispatched_at.is_(None), Event.kind.in_(dispatchable_kinds()))
        .order_by(Event.id)
        .limit(limit)
    ))


def _claim(event_id: int, now) -> bool:
    result = db.session.execute(
        update(Event)
        .where(Event.id == event_id, Event.dispatched_at.is_(None))
        .values(dispatched_at=now)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)


def mode_expression(topic: str, user_id_column):
    """The user's email mode for a topic in SQL: their preference or the topic's default."""
    preference = (
        select(NotificationPreference.mode)
        .where(NotificationPreference.user_id == user_id_column, NotificationPreference.topic == topic)
        .scalar_subquery()
    )
    return db.func.coalesce(preference, TOPIC_BY_NAME[topic].default)


def can_receive_email():
    return and_(
        User.email.is_not(None),
        User.email_confirmed_at.is_not(None),
        User.deleted_at.is_(None),
        User.is_active_account.is_(True),
    )


def _insert_immediate_deliveries(event: Event, topic: str, now) -> None:
    key = (
        literal(f"{EMAIL}:") + cast(Notification.user_id, String)
        + literal(":event:") + literal(str(event.id))
    )
    chosen = (
        select(
            key, literal(EMAIL), Notification.user_id, literal(event.id), literal("pending"),
            literal(0), literal(""), literal(now, AwareDateTime()),
        )
        .join(User, User.id == Notification.user_id)
        .where(Notification.event_id == event.id, can_receive_email())
        .where(mode_expression(topic, Notification.user_id) == IMMEDIATELY)
    )
    db.session.execute(insert(Delivery).from_select(
        ["key", "channel", "user_id", "event_id", "status", "attempts", "last_error", "created_at"], chosen,
    ))


def notify_in_app(event: Event, audience, now) -> None:
    """Tell `audience` (a SELECT of user ids) about `event` in their bundled notifications."""
    subject_type, subject_id = group_ref(event)
    bundles = and_(
        Notification.subject_type == subject_type, Notification.subject_id == subject_id,
        Notification.user_id.in_(audience),
    )
    # Read bundles start counting again: forget what they counted before.
    db.session.execute(
        delete(NotificationTally)
        .where(NotificationTally.notification_id.in_(
            select(Notification.id).where(bundles, Notification.read_at.is_not(None))))
        .execution_options(synchronize_session=False)
    )
    db.session.execute(
        update(Notification)
        .where(bundles)
        .values(
            event_count=case((Notification.read_at.is_(None), Notification.event_count + 1), else_=1),
            event_id=event.id, updated_at=now, read_at=None,
        )
        .execution_options(synchronize_session=False)
    )
    existing = aliased(Notification)
    missing = audience.with_only_columns(
        User.id, literal(event.id), literal(subject_type), literal(subject_id), literal(1),
        literal(now, AwareDateTime()), literal(now, AwareDateTime()),
    ).where(~exists(select(literal(1)).where(
        existing.user_id == User.id, existing.subject_type == subject_type, existing.subject_id == subject_id,
    )))
    db.session.execute(insert(Notification).from_select(
        ["user_id", "event_id", "subject_type", "subject_id", "event_count", "created_at", "updated_at"], missing,
    ))
    # Every bundle this event reached now points at it.
    told = select(Notification.id).where(Notification.event_id == event.id)
    db.session.execute(
        update(NotificationTally)
        .where(NotificationTally.kind == event.kind, NotificationTally.notification_id.in_(told))
        .values(count=NotificationTally.count + 1)
        .execution_options(synchronize_session=False)
    )
    tally = aliased(NotificationTally)
    db.session.execute(insert(NotificationTally).from_select(
        ["notification_id", "kind", "count"],
        select(Notification.id, literal(event.kind), literal(1))
        .where(Notification.event_id == event.id)
        .where(~exists(select(literal(1)).where(
            tally.notification_id == Notification.id, tally.kind == event.kind))),
    ))


def _fan_out(event_id: int, now, items: dict | None = None) -> Event | None:
    """Claim one event and write its notifications, in the caller's transaction; None if already claimed.

    `items` may hold the events' items described beforehand for a whole batch.
    """
    if not _claim(event_id, now):
        return None
    event = db.session.get(Event, event_id)
    max_age = timedelta(days=current_app.config["NOTIFICATIONS_MAX_EVENT_AGE_DAYS"])
    if event.created_at is not None and now - event.created_at > max_age:
        return event  # too old to be news: marked done, told to nobody
    if items is not None:
        item = items.get(item_ref(event))
    else:
        with public_url_context():
            item = describe_one(item_ref(event))
    audience = recipients.audience(event, item) if item is not None else None
    if audience is None:
        return event  # the item is gone: nobody to tell
    notify_in_app(event, audience, now)
    return event


def _with_email(event: Event, now) -> None:
    topic = topic_of(event.kind)
    if topic is not None:
        _insert_immediate_deliveries(event, topic, now)


def _pending_deliveries(event_ids: list[int]) -> list[int]:
    if not event_ids:
        return []
    return list(db.session.scalars(
        select(Delivery.id).where(Delivery.event_id.in_(event_ids), Delivery.status == "pending")
        .order_by(Delivery.id)
    ))


def dispatch_event(event_id: int, with_email: bool = True) -> list[int]:
    """Fan one event out; returns the ids of the email deliveries to send now. Commits.

    `with_email=False` writes the in-app notifications only (demo data).
    """
    now = utcnow()
    try:
        event = _fan_out(event_id, now)
        if event is not None and with_email:
            _with_email(event, now)
    except Exception:
        db.session.rollback()
        raise
    if event is None:
        db.session.rollback()
        return []
    db.session.commit()
    return _pending_deliveries([event_id])


# Events fanned out per transaction by dispatch_pending (each in its own savepoint).
BATCH_SIZE = 100


def close_silent_events() -> None:
    """Mark events that tell nobody as dispatched, in one statement."""
    db.session.execute(
        update(Event)
        .where(Event.dispatched_at.is_(None), Event.kind.in_(sorted(recipients.SILENT_KINDS)))
        .values(dispatched_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    db.session.commit()


def dispatch_pending(limit: int = 500) -> list[int]:
    """Dispatch every waiting event; returns the email deliveries to send.

    Events are fanned out in transactions of BATCH_SIZE, each event in a
    savepoint: one that fails is rolled back alone and stays undispatched.
    """
    close_silent_events()
    deliveries: list[int] = []
    event_ids = pending_event_ids(limit)
    for start in range(0, len(event_ids), BATCH_SIZE):
        now = utcnow()
        done = []
        batch = event_ids[start:start + BATCH_SIZE]
        with public_url_context():  # every item of the batch described at once
            items = describe({item_ref(e) for e in db.session.scalars(select(Event).where(Event.id.in_(batch)))})
        for event_id in batch:
            try:
                with db.session.begin_nested():
                    event = _fan_out(event_id, now, items)
                    if event is not None:
                        _with_email(event, now)
                        done.append(event_id)
            except Exception:
                log.exception("Dispatching event %s failed; it stays undispatched", event_id)
        db.session.commit()
        deliveries += _pending_deliveries(done)
    return deliveries
