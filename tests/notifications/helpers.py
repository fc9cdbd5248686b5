"""Helpers for the notifications tests: record an event, dispatch it, read who heard."""

from sqlalchemy import select

from participation.extensions import db
from participation.notifications.dispatch import dispatch_pending
from participation.notifications.events import record_event
from participation.notifications.models import Delivery, Event, Notification


def fire(kind, subject_type, subject_id, actor=None, **payload):
    """Record one event, commit, dispatch; returns (event, set of recipient user ids)."""
    event = record_event(kind, subject_type, subject_id, actor, **payload)
    db.session.commit()
    dispatch_pending()
    return event, recipients_of(event)


def recipients_of(event) -> set[int]:
    return set(db.session.scalars(select(Notification.user_id).where(Notification.event_id == event.id)))


def deliveries_of(event) -> list[Delivery]:
    return list(db.session.scalars(select(Delivery).where(Delivery.event_id == event.id).order_by(Delivery.id)))


def ids(*users) -> set[int]:
    return {u.id for u in users}


def reload_event(event) -> Event:
    db.session.expire_all()
    return db.session.get(Event, event.id)
