"""Recording events. Callers commit; the event joins their transaction.

Once a transaction that recorded an event commits, every callback registered
with `after_commit` runs: the notifications package registers one that queues
the fan-out job (see participation.notifications.events), so this module knows
nothing of who reads the events.
"""

from collections.abc import Callable

from sqlalchemy import event as sa_event
from sqlalchemy.orm import Session

from participation.events.models import Event
from participation.extensions import db

_FLAG = "spolu_events_recorded"
_after_commit: list[Callable[[], None]] = []


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
    db.session.info[_FLAG] = True
    return event


def after_commit(callback: Callable[[], None]) -> Callable[[], None]:
    """Run `callback()` after each commit of a transaction that recorded an event."""
    if callback not in _after_commit:
        _after_commit.append(callback)
    return callback


@sa_event.listens_for(Session, "after_commit")
def _run_callbacks_after_commit(session) -> None:
    if not session.info.pop(_FLAG, False):
        return
    for callback in list(_after_commit):
        callback()


@sa_event.listens_for(Session, "after_soft_rollback")
def _forget_events_on_rollback(session, previous_transaction) -> None:
    if previous_transaction.parent is None and not previous_transaction.nested:
        session.info.pop(_FLAG, None)
