"""Emails: language, parts, unsubscribe headers, retries without duplicates, digests."""

import email
import email.policy
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from participation.common.mail import MailError
from participation.common.models import utcnow
from participation.extensions import db
from participation.follows import services as follows
from participation.notifications import services
from participation.notifications.delivery import DeliveryFailed, plan_digests, send_delivery
from participation.notifications.models import Delivery, Notification
from participation.notifications.periods import bounds, last_complete
from tests.follows.factories import PlainProposalFactory, UserFactory
from tests.notifications.helpers import deliveries_of, fire


@pytest.fixture
def follower_setup(app):
    author = UserFactory(display_name="Autorka")
    proposal = PlainProposalFactory(author=author, title="Autobus do Lhoty")
    follower = UserFactory(locale="en", email="follower@example.cz", display_name="Fiona")
    follows.follow(follower, proposal)
    services.save_preferences(follower, {"proposals": "immediately"}, {})
    return author, proposal, follower


def _parse(raw: bytes):
    return email.message_from_bytes(raw, policy=email.policy.default)


def test_immediate_email_over_real_smtp_in_the_users_language(follower_setup, smtp_server):
    author, proposal, follower = follower_setup
    event, _ = fire("proposal.status_changed", "proposal", proposal.id, author,
                    from_status="published", to_status="under_review", reason="We are checking it")
    (delivery,) = deliveries_of(event)
    assert send_delivery(delivery.id) == "sent"
    (envelope,) = smtp_server.messages
    assert envelope.rcpt_tos == ["follower@example.cz"]
    message = _parse(envelope.content)
    assert message["Subject"] == "Spolu: “Autobus do Lhoty” is now under review."
    assert message["List-Unsubscribe"].startswith("<http://localhost/oznameni/odhlasit-odber/")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    parts = {part.get_content_type(): part.get_content() for part in message.walk() if not part.is_multipart()}
    assert set(parts) == {"text/plain", "text/html"}
    assert "Hello Fiona," in parts["text/plain"]
    assert "We are checking it" in parts["text/plain"]
    assert "<strong>“Autobus do Lhoty” is now under review.</strong>" in parts["text/html"]


def test_czech_user_gets_czech_email(app, outbox):
    author = UserFactory()
    proposal = PlainProposalFactory(author=author, title="Kanalizace")
    follower = UserFactory(locale="cs")
    follows.follow(follower, proposal)
    services.save_preferences(follower, {"proposals": "immediately"}, {})
    event, _ = fire("proposal.threshold_reached", "proposal", proposal.id)
    (delivery,) = [d for d in deliveries_of(event) if d.user_id == follower.id]
    send_delivery(delivery.id)
    (mail,) = outbox
    assert "Dobrý den" in mail.text
    assert "Kanalizace" in mail.subject


def test_smtp_refusal_is_retried_and_never_sent_twice(follower_setup, smtp_server):
    author, proposal, follower = follower_setup
    event, heard = fire("proposal.official_answer", "proposal", proposal.id, author)
    (delivery,) = deliveries_of(event)
    smtp_server.refuse = 1
    with pytest.raises(DeliveryFailed):
        send_delivery(delivery.id)
    db.session.expire_all()
    stored = db.session.get(Delivery, delivery.id)
    assert (stored.status, stored.attempts) == ("pending", 1)
    assert "451" in stored.last_error
    assert send_delivery(delivery.id) == "sent"
    # a duplicate job for the same delivery (a retry that raced) sends nothing
    assert send_delivery(delivery.id) == "sent"
    assert len(smtp_server.messages) == 1
    # the in-app notification was there all along
    assert follower.id in heard


def test_smtp_failure_is_recorded_after_the_last_attempt(app, follower_setup, monkeypatch):
    author, proposal, follower = follower_setup
    app.config["NOTIFICATIONS_MAX_ATTEMPTS"] = 2
    try:
        def refuse(mail):
            raise MailError("timed out")

        monkeypatch.setattr("participation.notifications.delivery.send_mail", refuse)
        event, heard = fire("proposal.official_answer", "proposal", proposal.id, author)
        (delivery,) = deliveries_of(event)
        with pytest.raises(DeliveryFailed):
            send_delivery(delivery.id)
        assert send_delivery(delivery.id) == "failed"
        assert send_delivery(delivery.id) == "failed"
        db.session.expire_all()
        stored = db.session.get(Delivery, delivery.id)
        assert (stored.status, stored.attempts, stored.last_error) == ("failed", 2, "MailError: timed out")
        assert db.session.scalar(
            select(func.count()).select_from(Notification).where(Notification.user_id == follower.id)
        ) == 1
    finally:
        app.config.pop("NOTIFICATIONS_MAX_ATTEMPTS")


def test_smtp_server_that_is_down_is_a_retry(app, follower_setup):
    author, proposal, follower = follower_setup
    app.config.update(MAIL_BACKEND=None, MAIL_SERVER="127.0.0.1", MAIL_PORT=9, MAIL_TIMEOUT=2)
    try:
        event, _ = fire("proposal.official_answer", "proposal", proposal.id, author)
        (delivery,) = deliveries_of(event)
        with pytest.raises(DeliveryFailed):
            send_delivery(delivery.id)
    finally:
        app.config.update(MAIL_BACKEND="memory", MAIL_SERVER=None, MAIL_PORT=25)


def test_item_hidden_after_the_event_is_not_emailed(follower_setup, outbox):
    author, proposal, follower = follower_setup
    event, _ = fire("proposal.official_answer", "proposal", proposal.id, author)
    proposal.hidden_at = utcnow()
    db.session.commit()
    (delivery,) = deliveries_of(event)
    assert send_delivery(delivery.id) == "skipped"
    assert outbox == []


def test_account_deleted_before_sending_gets_nothing(follower_setup, outbox):
    author, proposal, follower = follower_setup
    event, _ = fire("proposal.official_answer", "proposal", proposal.id, author)
    follower.deleted_at = utcnow()
    follower.email = None
    db.session.commit()
    (delivery,) = deliveries_of(event)
    assert send_delivery(delivery.id) == "skipped"
    assert outbox == []


# --- digests -----------------------------------------------------------------


def _age_notifications(user, when):
    for notification in db.session.scalars(select(Notification).where(Notification.user_id == user.id)):
        notification.created_at = notification.updated_at = when
    db.session.commit()


def test_daily_digest_groups_by_item_and_is_planned_once(app, outbox):
    author = UserFactory()
    bus = PlainProposalFactory(author=author, title="Autobus")
    path = PlainProposalFactory(author=author, title="Cyklostezka")
    reader = UserFactory(locale="en", display_name="Radka")
    weekly_reader = UserFactory()
    for user in (reader, weekly_reader):
        follows.follow(user, bus)
        follows.follow(user, path)
    services.save_preferences(reader, {"proposals": "daily"}, {})
    services.save_preferences(weekly_reader, {"proposals": "weekly"}, {})
    fire("proposal.official_answer", "proposal", bus.id, author)
    fire("proposal.status_changed", "proposal", bus.id, author, to_status="under_review")
    fire("proposal.threshold_reached", "proposal", path.id)
    yesterday = last_complete("daily")
    begin, _ = bounds("daily", yesterday)
    _age_notifications(reader, begin + timedelta(hours=10))
    _age_notifications(weekly_reader, begin + timedelta(hours=10))

    delivery_ids = plan_digests("daily", yesterday)
    assert len(delivery_ids) == 1
    assert plan_digests("daily", yesterday) == delivery_ids  # planning again adds nothing
    assert send_delivery(delivery_ids[0]) == "sent"
    assert send_delivery(delivery_ids[0]) == "sent"
    (mail,) = outbox
    assert mail.to == reader.email
    assert "daily digest (3 news)" in mail.subject
    assert mail.text.index("== Autobus ==") < mail.text.index("== Cyklostezka ==")
    assert mail.text.count("== Autobus ==") == 1
    assert "“Autobus” is now under review." in mail.text
    assert mail.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "<h2>" in mail.html


def test_weekly_digest_and_read_notifications_left_out(app, outbox):
    author = UserFactory()
    proposal = PlainProposalFactory(author=author)
    reader = UserFactory()
    follows.follow(reader, proposal)
    services.save_preferences(reader, {"proposals": "weekly"}, {})
    fire("proposal.official_answer", "proposal", proposal.id, author)
    last_week = last_complete("weekly")
    begin, _ = bounds("weekly", last_week)
    _age_notifications(reader, begin + timedelta(days=2))
    assert plan_digests("daily", last_complete("daily")) == []
    services.mark_all_read(reader)
    assert plan_digests("weekly", last_week) == []
    for notification in db.session.scalars(select(Notification)):
        notification.read_at = None
    db.session.commit()
    (delivery_id,) = plan_digests("weekly", last_week)
    assert send_delivery(delivery_id) == "sent"
    assert "týdenní" in outbox[0].subject


def test_digest_skipped_when_everything_was_read_meanwhile(app, outbox):
    author = UserFactory()
    proposal = PlainProposalFactory(author=author)
    reader = UserFactory()
    follows.follow(reader, proposal)
    services.save_preferences(reader, {"proposals": "daily"}, {})
    fire("proposal.official_answer", "proposal", proposal.id, author)
    yesterday = last_complete("daily")
    _age_notifications(reader, bounds("daily", yesterday)[0] + timedelta(hours=1))
    (delivery_id,) = plan_digests("daily", yesterday)
    services.mark_all_read(reader)
    assert send_delivery(delivery_id) == "skipped"
    assert outbox == []


def test_never_means_no_email_but_still_in_app(app, outbox):
    author = UserFactory()
    proposal = PlainProposalFactory(author=author)
    reader = UserFactory()
    follows.follow(reader, proposal)
    services.save_preferences(reader, {"proposals": "never"}, {})
    event, heard = fire("proposal.official_answer", "proposal", proposal.id, author)
    assert reader.id in heard
    assert [d for d in deliveries_of(event) if d.user_id == reader.id] == []
    yesterday = last_complete("daily")
    _age_notifications(reader, bounds("daily", yesterday)[0] + timedelta(hours=1))
    assert plan_digests("daily", yesterday) == []
