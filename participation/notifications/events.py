"""Recording events. Callers commit; the event joins their transaction."""

from participation.extensions import db
from participation.notifications.models import Event


def record_event(kind: str, subject_type: str, subject_id: int, actor=None, **payload) -> Event:
    """Add an event to the current transaction for later delivery."""
    event = Event(
        kind=kind,
        subject_type=subject_type,
        subject_id=subject_id,
        actor_id=getattr(actor, "id", None),
        payload=payload,
    )
    db.session.add(event)
    return event
