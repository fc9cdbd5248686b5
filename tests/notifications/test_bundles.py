"""Bundled notifications: one per person and item, counting what happened since it was last read."""

import os
import time
from datetime import timedelta

import pytest
from sqlalchemy import func, insert, select

from participation.comments import services as comments
from participation.comments.models import Comment
from participation.common.models import utcnow
from participation.extensions import db
from participation.follows import services as follows
from participation.notifications import services
from participation.notifications.delivery import plan_digests, send_delivery
from participation.notifications.dispatch import dispatch_pending
from participation.notifications.models import Event, Notification, NotificationTally
from participation.notifications.periods import bounds, last_complete
from tests.follows.factories import PlainProposalFactory, UserFactory
from tests.notifications.helpers import fire

# The figure; BUNDLE_COMMENTS=200 makes a quick local run.
COMMENTS = int(os.environ.get("BUNDLE_COMMENTS", 2_000))


def _notifications_of(user) -> list[Notification]:
    db.session.expire_all()
    return list(db.session.scalars(select(Notification).where(Notification.user_id == user.id)))


def _entries(app, user):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        return services.entries_for(user, _notifications_of(user))


def _tallies(notification) -> dict[str, int]:
    return dict(db.session.execute(select(NotificationTally.kind, NotificationTally.count).where(
        NotificationTally.notification_id == notification.id)).all())


def _comment_events(proposal, author, count: int) -> None:
    """`count` real comments on the proposal, each with its comment.created event, as the comments domain records them."""
    thread = comments.ensure_thread(proposal, "proposal")
    db.session.commit()
    now = utcnow()
    first_id = (db.session.scalar(select(func.max(Comment.id))) or 0) + 1
    db.session.execute(insert(Comment), [
        {"id": first_id + i, "thread_id": thread.id, "author_id": author.id, "body": f"Souhlasím, bod {i}.",
         "depth": 1, "root_id": first_id + i, "path": f"{first_id + i:010d}", "created_at": now, "updated_at": now}
        for i in range(count)
    ])
    db.session.execute(insert(Event), [
        {"kind": "comment.created", "subject_type": "proposal", "subject_id": proposal.id, "actor_id": author.id,
         "payload": {"comment_id": first_id + i, "thread_id": thread.id}, "created_at": now}
        for i in range(count)
    ])
    db.session.commit()


@pytest.fixture
def discussed(app):
    """A proposal with three followers (one in English with a daily digest of comments) and a busy commenter."""
    author = UserFactory(display_name="Alena")
    proposal = PlainProposalFactory(author=author, title="Chodník do Lhoty")
    readers = [UserFactory(locale="en", display_name=f"Čtenář {n}") for n in range(3)]
    for reader in readers:
        follows.follow(reader, proposal)
    services.save_preferences(readers[0], {"comments": "daily"}, {})
    commenter = UserFactory(display_name="Bohdan")
    return {"author": author, "proposal": proposal, "readers": readers, "commenter": commenter}


def test_two_thousand_comments_make_one_notification_per_follower_and_a_short_digest(app, discussed, outbox):
    proposal, readers = discussed["proposal"], discussed["readers"]
    _comment_events(proposal, discussed["commenter"], COMMENTS)
    started = time.perf_counter()
    dispatch_pending(limit=COMMENTS)
    elapsed = time.perf_counter() - started
    assert db.session.scalar(select(func.count(Event.id)).where(Event.dispatched_at.is_(None))) == 0
    # Before bundling: 2,000 rows per follower. Now one each, counting every comment.
    assert db.session.scalar(select(func.count(Notification.id))) == len(readers)
    for reader in readers:
        (notification,) = _notifications_of(reader)
        assert notification.event_count == COMMENTS and notification.read_at is None
        assert _tallies(notification) == {"comment.created": COMMENTS}
        assert services.unread_count(reader) == 1
    (entry,) = _entries(app, readers[1])
    assert entry.text == f"“Chodník do Lhoty”: {COMMENTS} new comments."
    assert entry.detail == "Latest: Bohdan commented on “Chodník do Lhoty”."
    assert entry.count == COMMENTS
    print(f"\n{COMMENTS} comment events dispatched in {elapsed:.1f} s")

    yesterday = last_complete("daily")
    when = bounds("daily", yesterday)[0] + timedelta(hours=9)
    for notification in _notifications_of(readers[0]):
        notification.created_at = notification.updated_at = when
    db.session.commit()
    (delivery_id,) = plan_digests("daily", yesterday)
    assert send_delivery(delivery_id) == "sent"
    (mail,) = outbox
    assert mail.to == readers[0].email
    assert f"daily digest ({COMMENTS} news)" in mail.subject
    assert mail.text.count("Chodník do Lhoty ==") == 1
    assert f"“Chodník do Lhoty”: {COMMENTS} new comments." in mail.text
    assert "Souhlasím" not in mail.text  # no comment is copied into the digest
    # The same events made an 894 KB digest before bundling.
    assert len(mail.html.encode()) < 8_000, len(mail.html.encode())
    assert len(mail.text.encode()) < 4_000, len(mail.text.encode())


def test_reading_resets_the_count_and_the_next_event_starts_again(app, discussed, client, login):
    proposal, reader, author = discussed["proposal"], discussed["readers"][1], discussed["author"]
    _comment_events(proposal, discussed["commenter"], 12)
    dispatch_pending()
    fire("proposal.official_answer", "proposal", proposal.id, author)
    (notification,) = _notifications_of(reader)
    assert notification.event_count == 13
    assert _tallies(notification) == {"comment.created": 12, "proposal.official_answer": 1}
    login(reader)
    html = client.get("/oznameni").get_data(as_text=True)
    assert "“Chodník do Lhoty”: 12 new comments and an official answer." in html
    assert "Latest: Alena gave an official answer on “Chodník do Lhoty”." in html
    assert '<span class="badge">1<span class="visually-hidden"> unread</span></span>' in html

    response = client.post(f"/oznameni/{notification.id}/precteno", data={"next": "/oznameni"})
    assert response.status_code == 303
    assert services.unread_count(reader) == 0
    html = client.get("/oznameni").get_data(as_text=True)
    assert "12 new comments and an official answer" in html  # read, it still says what it counted

    fire("proposal.status_changed", "proposal", proposal.id, author, to_status="under_review")
    (notification,) = _notifications_of(reader)
    assert notification.read_at is None and notification.event_count == 1
    assert _tallies(notification) == {"proposal.status_changed": 1}
    html = client.get("/oznameni").get_data(as_text=True)
    assert "“Chodník do Lhoty” is now under review." in html
    assert "new comments" not in html

    _comment_events(proposal, discussed["commenter"], 2)
    dispatch_pending()
    (entry,) = _entries(app, reader)
    assert entry.text == "“Chodník do Lhoty”: 2 new comments and a change of status."


def test_a_reply_is_counted_in_the_bundle_of_the_commented_proposal(app, discussed):
    proposal, reader = discussed["proposal"], discussed["readers"][2]
    thread = comments.ensure_thread(proposal, "proposal")
    db.session.commit()
    mine = comments.create_comment(reader, thread, "Kudy přesně má vést?")
    comments.reply_to(discussed["commenter"], mine, "Podél potoka.")
    dispatch_pending()
    (notification,) = _notifications_of(reader)
    assert (notification.subject_type, notification.subject_id) == ("proposal", proposal.id)
    assert _tallies(notification) == {"comment.reply": 1}
    comments.create_comment(discussed["commenter"], thread, "A ještě lavičky.")
    dispatch_pending()
    (entry,) = _entries(app, reader)
    assert entry.text == "“Chodník do Lhoty”: 1 new comment and 1 reply to your comment."


def test_a_digest_lists_at_most_the_cap_and_links_to_the_rest(app, outbox):
    app.config["NOTIFICATIONS_DIGEST_MAX_ITEMS"] = 5
    author = UserFactory(display_name="Alena")
    reader = UserFactory(locale="en")
    proposals = [PlainProposalFactory(author=author, title=f"Podnět {n:02d}") for n in range(8)]
    for proposal in proposals:
        follows.follow(reader, proposal)
    services.save_preferences(reader, {"proposals": "daily"}, {})
    for proposal in proposals:
        fire("proposal.official_answer", "proposal", proposal.id, author)
    fire("proposal.status_changed", "proposal", proposals[-1].id, author, to_status="in_progress")
    yesterday = last_complete("daily")
    begin = bounds("daily", yesterday)[0]
    for n, notification in enumerate(sorted(_notifications_of(reader), key=lambda x: x.id)):
        notification.updated_at = begin + timedelta(hours=1, minutes=n)
    db.session.commit()
    (delivery_id,) = plan_digests("daily", yesterday)
    assert send_delivery(delivery_id) == "sent"
    (mail,) = outbox
    assert "daily digest (9 news)" in mail.subject
    assert mail.text.count(" ==") == 5  # the five most recent items, each once
    assert "Podnět 00" not in mail.text and "== Podnět 07 ==" in mail.text
    assert "“Podnět 07”: an official answer and a change of status." in mail.text
    assert "And 3 more items (3 news): read them on Spolu." in mail.text
    assert "/oznameni" in mail.text
    assert "And 3 more items" in mail.html


def test_the_count_reads_naturally_in_czech(app, discussed):
    proposal, reader = discussed["proposal"], discussed["readers"][1]
    _comment_events(proposal, discussed["commenter"], 12)
    dispatch_pending()
    fire("proposal.official_answer", "proposal", proposal.id, discussed["author"])
    with app.test_request_context(headers={"Accept-Language": "cs"}):
        (entry,) = services.entries_for(reader, _notifications_of(reader))
    assert entry.text == "„Chodník do Lhoty“: 12 nových komentářů a oficiální odpověď."
    assert entry.detail.startswith("Naposledy: ")
