"""The jobs the queue runs. Each opens and closes its own database session."""

import logging
from functools import wraps

from participation.extensions import db

log = logging.getLogger(__name__)


def _job(func):
    """Run inside the worker's app context (or a fresh app) and leave no session behind."""

    @wraps(func)
    def wrapper(*args, **kwargs):
        from flask import has_app_context

        if not has_app_context():
            from participation import create_app

            with create_app().app_context():
                return wrapper(*args, **kwargs)
        try:
            return func(*args, **kwargs)
        finally:
            db.session.remove()

    return wrapper


@_job
def dispatch_events() -> int:
    """Fan out every waiting event, then queue one email job per immediate delivery."""
    from participation.notifications.dispatch import dispatch_pending
    from participation.notifications.queue import enqueue, started

    started(dispatch_events)  # before reading: what commits from now on queues the next run
    delivery_ids = dispatch_pending()
    for delivery_id in delivery_ids:
        enqueue(send_delivery, delivery_id)
    return len(delivery_ids)


@_job
def send_delivery(delivery_id: int) -> str:
    """Send one email delivery; raises to make the queue retry after an SMTP failure."""
    from participation.notifications.delivery import send_delivery as send

    return send(delivery_id)


@_job
def send_digests(period: str, start_iso: str | None = None) -> int:
    """Plan one period's digests and queue their emails."""
    from datetime import date

    from participation.notifications.delivery import plan_digests
    from participation.notifications.queue import enqueue

    start = date.fromisoformat(start_iso) if start_iso else None
    delivery_ids = plan_digests(period, start)
    for delivery_id in delivery_ids:
        enqueue(send_delivery, delivery_id)
    return len(delivery_ids)


@_job
def send_account_mail(user_id: int, template: str, to: str, context: dict) -> None:
    """Send one account mail (confirmation, reset, address change); raises to make the queue retry."""
    from participation.accounts.mail import deliver_account_mail

    deliver_account_mail(user_id, template, to, context)


@_job
def prepare_data_export(user_id: int, kind: str) -> None:
    """Build a large "Your data" export, keep it in storage and mail its signed link."""
    from participation.accounts.data_exports import prepare
    from participation.notifications.context import public_url_context
    from participation.notifications.queue import enqueue

    with public_url_context():
        prepared = prepare(user_id, kind)
    if prepared is not None:
        address, context = prepared
        enqueue(send_account_mail, user_id, "data_export", address, context)


@_job
def scheduler_tick() -> None:
    """What the scheduler does every minute; every step is idempotent."""
    from participation.notifications.queue import enqueue

    _consultations_tick()
    _remove_expired_data_exports()
    enqueue(dispatch_events, retry=False)
    for period in ("daily", "weekly"):
        enqueue(send_digests, period, retry=False)


def _consultations_tick() -> None:
    """Record due consultation events, when the consultations domain exists."""
    try:
        from participation.consultations.events import tick
    except ImportError:
        return
    try:
        tick()
    except Exception:
        db.session.rollback()
        log.exception("consultations tick failed")


def _remove_expired_data_exports() -> None:
    """Remove "Your data" files whose mailed link has expired."""
    from participation.accounts.data_exports import remove_expired

    try:
        remove_expired()
    except Exception:
        db.session.rollback()
        log.exception("removing expired data exports failed")
