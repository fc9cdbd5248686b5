"""Sending one delivery exactly once, and planning digests.

A Delivery row with a unique key exists before anything is sent. Sending
claims it (pending -> sending) in its own transaction, so a retried or
duplicated job finds it claimed or sent and does nothing. An SMTP failure
puts it back to pending and raises, so the queue retries with back-off; after
the last attempt it is recorded as failed. The in-app notification was
written before any of this and is never touched.
"""

import logging
from datetime import date

from flask import current_app
from sqlalchemy import String, and_, case, cast, exists, insert, literal, select, update
from sqlalchemy.exc import IntegrityError

from participation.accounts.models import User
from participation.common.mail import MailError, send_mail
from participation.common.models import AwareDateTime, utcnow
from participation.extensions import db
from participation.notifications.dispatch import EMAIL, can_receive_email
from participation.notifications.emails import build_digest_mail, build_event_mail
from participation.notifications.models import (
    Delivery,
    Event,
    Notification,
    NotificationPreference,
    NotificationTally,
)
from participation.notifications.periods import bounds, last_complete
from participation.notifications.topics import DIGEST_MODES, TOPIC_OF_KIND, TOPICS

log = logging.getLogger(__name__)



class DeliveryFailed(Exception):
    """Sending failed and will be retried by the queue."""


def max_attempts() -> int:
    return int(current_app.config["NOTIFICATIONS_MAX_ATTEMPTS"])


def _claim(delivery_id: int) -> bool:
    result = db.session.execute(
        update(Delivery)
        .where(Delivery.id == delivery_id, Delivery.status == "pending")
        .values(status="sending", attempts=Delivery.attempts + 1)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return bool(result.rowcount)


def send_delivery(delivery_id: int) -> str:
    """Send one delivery unless it was sent already; returns its status afterwards."""
    if not _claim(delivery_id):
        db.session.rollback()
        status = db.session.scalar(select(Delivery.status).where(Delivery.id == delivery_id))
        return status or "missing"
    delivery = db.session.get(Delivery, delivery_id)
    db.session.refresh(delivery)
    user = delivery.user
    try:
        mail = None
        if user is not None and user.email and not user.is_deleted and user.is_active_account:
            mail = build_event_mail(delivery) if delivery.event_id else build_digest_mail(delivery)
        if mail is None:
            delivery.status = "skipped"
            db.session.commit()
            return delivery.status
        send_mail(mail)
    except Exception as error:
        db.session.rollback()
        delivery = db.session.get(Delivery, delivery_id)
        delivery.last_error = f"{type(error).__name__}: {error}"[:1000]
        final = delivery.attempts >= max_attempts()
        delivery.status = "failed" if final else "pending"
        db.session.commit()
        if final:
            log.error("Delivery %s failed for good after %s attempts: %s", delivery_id, delivery.attempts, error)
            return delivery.status
        if isinstance(error, MailError):
            raise DeliveryFailed(str(error)) from error
        raise
    delivery.status = "sent"
    delivery.sent_at = utcnow()
    delivery.last_error = ""
    db.session.commit()
    return delivery.status


def _counted_kind():
    """A kind a notification counts: each of its tallies, or its one event's kind (no tallies)."""
    return db.func.coalesce(NotificationTally.kind, Event.kind)


def _topic_of_event():
    return case(TOPIC_OF_KIND, value=_counted_kind(), else_=literal(""))


def _digest_mode_of(user_id_column):
    topic = _topic_of_event()
    defaults = case({t.name: t.default for t in TOPICS}, value=topic, else_=literal("never"))
    chosen = (
        select(NotificationPreference.mode)
        .where(NotificationPreference.user_id == user_id_column, NotificationPreference.topic == topic)
        .scalar_subquery()
    )
    return db.func.coalesce(chosen, defaults)


def plan_digests(period: str, start: date | None = None) -> list[int]:
    """Create the digest deliveries of one period (idempotent); returns the pending ids."""
    if period not in DIGEST_MODES:
        raise ValueError(f"unknown digest period {period!r}")
    start = start or last_complete(period)
    begin, end = bounds(period, start)
    prefix = f"{EMAIL}:"
    suffix = f":{period}:{start.isoformat()}"
    key = literal(prefix) + cast(Notification.user_id, String) + literal(suffix)
    wanted = (
        select(Notification.user_id)
        .join(Event, Event.id == Notification.event_id)
        .outerjoin(NotificationTally, NotificationTally.notification_id == Notification.id)
        .join(User, User.id == Notification.user_id)
        .where(
            Notification.updated_at >= begin, Notification.updated_at < end,
            Notification.read_at.is_(None), can_receive_email(),
            _digest_mode_of(Notification.user_id) == period,
        )
        .where(~exists(select(literal(1)).where(Delivery.key == key)))
        .group_by(Notification.user_id)
    )
    subquery = wanted.subquery()
    rows = select(
        literal(prefix) + cast(subquery.c.user_id, String) + literal(suffix),
        literal(EMAIL), subquery.c.user_id, literal(period), literal(start), literal("pending"),
        literal(0), literal(""), literal(utcnow(), AwareDateTime()),
    )
    try:
        db.session.execute(insert(Delivery).from_select(
            ["key", "channel", "user_id", "period", "period_start", "status", "attempts", "last_error",
             "created_at"], rows,
        ))
        db.session.commit()
    except IntegrityError:  # another scheduler planned the same digests at the same moment
        db.session.rollback()
    return list(db.session.scalars(
        select(Delivery.id).where(
            and_(Delivery.period == period, Delivery.period_start == start, Delivery.status == "pending")
        ).order_by(Delivery.id)
    ))
