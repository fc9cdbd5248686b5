"""Recording events. Callers commit; the event joins their transaction.

Once a transaction that recorded an event commits, a dispatch job is queued
(see participation.notifications.queue): the request only enqueues, the
fan-out to followers happens off the request path.
"""

from sqlalchemy import event as sa_event
from sqlalchemy.orm import Session

from participation.extensions import db
from participation.notifications.models import Event

_FLAG = "spolu_events_recorded"


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


@sa_event.listens_for(Session, "after_commit")
def _queue_dispatch_after_commit(session) -> None:
    if not session.info.pop(_FLAG, False):
        return
    from flask import has_app_context

    if not has_app_context() or _seeding_demo_data():
        return
    from participation.notifications.jobs import dispatch_events
    from participation.notifications.queue import enqueue

    try:
        enqueue(dispatch_events, retry=False)
    except Exception:  # a queue that is down must not fail the user's action; the scheduler catches up
        import logging

        logging.getLogger(__name__).exception("Could not queue the dispatch of new events")


def _seeding_demo_data() -> bool:
    """`flask seed-demo` sends no email: the notifications seed fans its events out in-app."""
    import click

    context = click.get_current_context(silent=True)
    return context is not None and context.command.name == "seed-demo"


@sa_event.listens_for(Session, "after_soft_rollback")
def _forget_events_on_rollback(session, previous_transaction) -> None:
    if previous_transaction.parent is None and not previous_transaction.nested:
        session.info.pop(_FLAG, None)
