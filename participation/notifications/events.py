"""What the notifications package does once events are recorded: queue their fan-out.

Domains record events with participation.events.services.record_event (also
importable from here, its old address). Once a transaction that recorded an
event commits, a dispatch job is queued (see participation.notifications.queue):
the request only enqueues, the fan-out to followers happens off the request path.
"""

from participation.events.services import after_commit, record_event

__all__ = ["record_event"]


@after_commit
def _queue_dispatch_after_commit() -> None:
    from flask import has_app_context

    if not has_app_context() or _seeding_demo_data():
        return
    from participation.notifications.jobs import dispatch_events
    from participation.notifications.queue import enqueue_once

    try:
        enqueue_once(dispatch_events)
    except Exception:  # a queue that is down must not fail the user's action; the scheduler catches up
        import logging

        logging.getLogger(__name__).exception("Could not queue the dispatch of new events")


def _seeding_demo_data() -> bool:
    """`flask seed-demo` sends no email: the notifications seed fans its events out in-app."""
    import click

    context = click.get_current_context(silent=True)
    return context is not None and context.command.name == "seed-demo"
