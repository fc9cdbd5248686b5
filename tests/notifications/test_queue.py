"""Delivery off the request path: RQ on the real Redis, and the in-process thread."""

import uuid

import pytest
from sqlalchemy import func, select

from participation.extensions import db
from participation.follows import services as follows
from participation.notifications import services
from participation.notifications.events import record_event
from participation.notifications.models import Delivery, Event, Notification
from participation.notifications.queue import wait_for_background_jobs
from tests.follows.factories import PlainProposalFactory, UserFactory

REDIS_URL = "redis://127.0.0.1:6379/0"


def _redis_or_skip():
    redis = pytest.importorskip("redis")
    connection = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        connection.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("Redis is not reachable on 127.0.0.1:6379")
    return connection


@pytest.fixture
def rq_app(app):
    """The app switched to RQ on a queue of its own, removed afterwards."""
    connection = _redis_or_skip()
    name = f"spolu-test-{uuid.uuid4().hex[:10]}"
    saved = {key: app.config.get(key) for key in
             ("REDIS_URL", "NOTIFICATIONS_QUEUE", "NOTIFICATIONS_QUEUE_NAME", "NOTIFICATIONS_RETRY_INTERVALS")}
    app.config.update(REDIS_URL=REDIS_URL, NOTIFICATIONS_QUEUE="rq", NOTIFICATIONS_QUEUE_NAME=name,
                      NOTIFICATIONS_RETRY_INTERVALS=[0, 0, 0])
    try:
        yield app, connection, name
    finally:
        app.config.update(saved)
        from rq import Queue
        from rq.registry import FailedJobRegistry, FinishedJobRegistry

        queue = Queue(name, connection=connection)
        job_ids = set(FinishedJobRegistry(queue=queue).get_job_ids())
        job_ids |= set(FailedJobRegistry(queue=queue).get_job_ids())
        queue.delete(delete_jobs=True)
        for job_id in job_ids:
            connection.delete(f"rq:job:{job_id}", f"rq:results:{job_id}")
        for key in connection.scan_iter(f"*{name}*"):  # RQ's keys, and the waiting mark
            connection.delete(key)


def _work(connection, name):
    from rq import SimpleWorker

    SimpleWorker([name], connection=connection).work(burst=True)


def _scene():
    author = UserFactory()
    proposal = PlainProposalFactory(author=author)
    follower = UserFactory()
    follows.follow(follower, proposal)
    services.save_preferences(follower, {"proposals": "immediately"}, {})
    # jobs end by removing the session (as in a worker), so the tests keep plain values
    follower.address = follower.email
    return author, proposal, follower


def _count(model, *where):
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_commit_of_an_event_only_enqueues_and_the_worker_delivers(rq_app, outbox):
    app, connection, name = rq_app
    author, proposal, follower = _scene()
    from rq import Queue

    record_event("proposal.official_answer", "proposal", proposal.id, author)
    db.session.commit()
    # the committing code did no fan-out itself: the event waits for the worker
    assert _count(Notification) == 0
    assert Queue(name, connection=connection).count == 1
    _work(connection, name)
    db.session.expire_all()
    assert _count(Notification) == 1  # the follower; the author acted
    assert db.session.scalar(select(Event.dispatched_at)) is not None
    assert [m.to for m in outbox] == [follower.address]
    assert db.session.scalar(select(Delivery.status)) == "sent"


def test_events_committed_while_the_fan_out_waits_queue_it_once_and_it_reads_them_all(rq_app, outbox):
    app, connection, name = rq_app
    author, proposal, follower = _scene()
    from rq import Queue

    queue, proposal_id, author_id = Queue(name, connection=connection), proposal.id, author.id
    for kind in ("proposal.official_answer", "proposal.status_changed"):
        record_event(kind, "proposal", proposal.id, author)
        db.session.commit()
    assert queue.count == 1  # a burst of events: one waiting fan-out, not one each
    _work(connection, name)
    db.session.expire_all()
    assert _count(Event, Event.dispatched_at.is_not(None)) == 2  # the one run read both
    assert {m.to for m in outbox} == {follower.address}
    author = db.session.get(type(author), author_id)  # the job removed the session
    record_event("proposal.official_answer", "proposal", proposal_id, author)
    db.session.commit()
    assert queue.count == 1  # the run started and cleared its mark: the next event queues it again
    _work(connection, name)
    db.session.expire_all()
    assert _count(Event, Event.dispatched_at.is_(None)) == 0


def test_retried_job_never_sends_twice(rq_app, monkeypatch, outbox):
    app, connection, name = rq_app
    author, proposal, follower = _scene()
    from participation.common import mail as mail_module
    from participation.common.mail import MailError

    real_send = mail_module.send_mail
    calls = {"n": 0}

    def flaky(mail):
        calls["n"] += 1
        if calls["n"] == 1:
            raise MailError("421 service not available")
        real_send(mail)

    monkeypatch.setattr("participation.notifications.delivery.send_mail", flaky)
    record_event("proposal.official_answer", "proposal", proposal.id, author)
    db.session.commit()
    _work(connection, name)
    db.session.expire_all()
    delivery = db.session.scalar(select(Delivery))
    assert (delivery.status, delivery.attempts) == ("sent", 2)
    assert len(outbox) == 1
    # the same job enqueued again (a lost acknowledgement, a double retry) sends nothing
    from participation.notifications.jobs import send_delivery
    from participation.notifications.queue import enqueue

    enqueue(send_delivery, delivery.id)
    _work(connection, name)
    assert len(outbox) == 1


def test_digest_job_through_the_queue(rq_app, outbox):
    from datetime import timedelta

    from participation.notifications.jobs import send_digests
    from participation.notifications.periods import bounds, last_complete
    from participation.notifications.queue import enqueue

    app, connection, name = rq_app
    author, proposal, follower = _scene()
    services.save_preferences(follower, {"proposals": "daily"}, {})
    record_event("proposal.official_answer", "proposal", proposal.id, author)
    db.session.commit()
    _work(connection, name)
    yesterday = last_complete("daily")
    for notification in db.session.scalars(select(Notification)):
        notification.created_at = notification.updated_at = bounds("daily", yesterday)[0] + timedelta(hours=3)
    db.session.commit()
    enqueue(send_digests, "daily", yesterday.isoformat())
    enqueue(send_digests, "daily", yesterday.isoformat())
    _work(connection, name)
    assert len(outbox) == 1
    assert outbox[0].to == follower.address


def test_without_redis_jobs_run_in_a_thread_after_commit(app, outbox):
    author, proposal, follower = _scene()
    app.config["NOTIFICATIONS_QUEUE"] = "thread"
    app.config["NOTIFICATIONS_RETRY_INTERVALS"] = [0]
    try:
        record_event("proposal.official_answer", "proposal", proposal.id, author)
        db.session.commit()
        wait_for_background_jobs()
    finally:
        app.config.pop("NOTIFICATIONS_QUEUE")
        app.config.pop("NOTIFICATIONS_RETRY_INTERVALS")
    db.session.expire_all()
    assert _count(Notification) == 1
    assert [m.to for m in outbox] == [follower.address]


def test_a_rolled_back_event_queues_nothing(app):
    author, proposal, _ = _scene()
    app.config["NOTIFICATIONS_QUEUE"] = "sync"
    try:
        record_event("proposal.official_answer", "proposal", proposal.id, author)
        db.session.rollback()
        proposal.title = "Something else"
        db.session.commit()
    finally:
        app.config.pop("NOTIFICATIONS_QUEUE")
    assert _count(Event) == 0
    assert _count(Notification) == 0


def test_scheduler_tick_dispatches_waiting_events(app, outbox):
    from participation.notifications.jobs import scheduler_tick

    author, proposal, follower = _scene()
    record_event("proposal.official_answer", "proposal", proposal.id, author)
    db.session.commit()  # under testing nothing runs by itself ("manual")
    assert _count(Notification) == 0
    app.config["NOTIFICATIONS_QUEUE"] = "sync"
    try:
        scheduler_tick()
    finally:
        app.config.pop("NOTIFICATIONS_QUEUE")
    db.session.expire_all()
    assert _count(Notification) == 1
    assert len(outbox) == 1


def test_cli_commands(app):
    runner = app.test_cli_runner()
    author, proposal, follower = _scene()
    record_event("proposal.official_answer", "proposal", proposal.id, author)
    db.session.commit()
    result = runner.invoke(args=["notifications", "dispatch"])
    assert result.exit_code == 0, result.output
    assert "1 emails: 1 sent" in result.output
    result = runner.invoke(args=["notifications", "digest", "weekly"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(args=["notifications", "worker", "--burst"])
    assert result.exit_code != 0
    assert "REDIS_URL is not set" in result.output
