"""`flask notifications ...`: the worker, the scheduler, and manual runs."""

import time
from datetime import date

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from participation.extensions import db

group = AppGroup("notifications", help="Deliver notifications: worker, scheduler, digests.")


def register(app: Flask) -> None:
    app.cli.add_command(group)


@group.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
def worker(burst: bool) -> None:
    """Run jobs from Redis (needs REDIS_URL): fan-out and emails, with retries."""
    from rq import SimpleWorker

    from participation.notifications.queue import queue_name, redis_connection

    if not current_app.config.get("REDIS_URL"):
        raise click.ClickException(
            "REDIS_URL is not set: jobs run inside the web process, no worker is needed."
        )
    connection = redis_connection()
    click.echo(f"Worker on queue {queue_name()!r}")
    # SimpleWorker runs jobs in this process, inside this app context (no fork, so no
    # database connections shared between processes). The RQ scheduler process moves
    # retried jobs back to the queue after their back-off.
    SimpleWorker([queue_name()], connection=connection).work(burst=burst, with_scheduler=True)


@group.command("scheduler")
@click.option("--interval", default=60, show_default=True, help="Seconds between ticks.")
@click.option("--once", is_flag=True, help="Tick once and stop (for cron).")
def scheduler(interval: int, once: bool) -> None:
    """Every minute: consultation deadlines, missed events, daily and weekly digests."""
    from participation.notifications.jobs import scheduler_tick

    while True:
        scheduler_tick()
        db.session.remove()
        if once:
            return
        time.sleep(max(1, interval))


@group.command("dispatch")
def dispatch() -> None:
    """Fan out waiting events and send their immediate emails now, in this process."""
    from participation.notifications.delivery import send_delivery
    from participation.notifications.dispatch import dispatch_pending

    delivery_ids = dispatch_pending()
    statuses = [send_delivery(delivery_id) for delivery_id in delivery_ids]
    click.echo(f"{len(delivery_ids)} emails: {statuses.count('sent')} sent")


@group.command("digest")
@click.argument("period", type=click.Choice(["daily", "weekly"]))
@click.option("--start", help="First day of the period (YYYY-MM-DD); default: the last complete one.")
def digest(period: str, start: str | None) -> None:
    """Plan and send one period's digests now, in this process."""
    from participation.notifications.delivery import plan_digests, send_delivery

    first_day = date.fromisoformat(start) if start else None
    delivery_ids = plan_digests(period, first_day)
    statuses = [send_delivery(delivery_id) for delivery_id in delivery_ids]
    click.echo(f"{len(delivery_ids)} digests: {statuses.count('sent')} sent")
