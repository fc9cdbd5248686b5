"""A merge notification never names a survivor the reader may not see: not on the page, in an email or a digest."""

from datetime import timedelta

import pytest
from sqlalchemy import update

from participation.common.models import utcnow
from participation.extensions import db
from participation.follows import services as follows
from participation.notifications.delivery import plan_digests, send_delivery
from participation.notifications.models import Notification
from participation.notifications.periods import bounds, last_complete
from participation.notifications.services import save_preferences
from tests.factories import MunicipalityFactory
from tests.follows.factories import PlainProposalFactory, UserFactory, quick_moderator_of
from tests.notifications.helpers import deliveries_of, fire

SECRET = "Tajný cíl sloučení"
NEUTRAL = "was merged into an item that is no longer shown."


@pytest.fixture
def merged(app):
    """A followed proposal merged into a survivor that a moderator then hid (or that was never public)."""
    home = MunicipalityFactory()
    author = UserFactory(home_municipality=home, locale="en")
    duplicate = PlainProposalFactory(author=author, municipalities=[home], title="Zdvojený podnět")
    survivor = PlainProposalFactory(author=author, municipalities=[home], title=SECRET)
    follower = UserFactory(locale="en")
    follows.follow(follower, duplicate)
    moderator = quick_moderator_of(home)
    moderator.locale = "en"
    survivor.hidden_at = utcnow()
    db.session.commit()
    return {"duplicate": duplicate, "survivor": survivor, "follower": follower, "moderator": moderator,
            "author": author}


def _merge(m):
    return fire("proposal.merged", "proposal", m["duplicate"].id, m["moderator"], survivor_id=m["survivor"].id,
                survivor_title=SECRET, reason=f"Same as {SECRET}")


def test_a_reader_who_may_not_see_the_survivor_gets_the_neutral_wording(merged, client, login):
    _merge(merged)
    login(merged["follower"])
    html = client.get("/oznameni").get_data(as_text=True)
    assert "“Zdvojený podnět” " + NEUTRAL in html
    assert SECRET not in html


def test_a_reader_who_may_see_it_still_reads_its_name(merged, client, login):
    _merge(merged)
    login(merged["author"])  # the author of the hidden survivor still sees it
    html = client.get("/oznameni").get_data(as_text=True)
    assert f"was merged into “{SECRET}”." in html


def test_the_email_does_not_name_it_either(merged, outbox):
    save_preferences(merged["follower"], {"proposals": "immediately"}, {})
    event, _heard = _merge(merged)
    (delivery,) = [d for d in deliveries_of(event) if d.user_id == merged["follower"].id]
    send_delivery(delivery.id)
    (mail,) = outbox
    assert NEUTRAL in mail.text and SECRET not in mail.text and SECRET not in mail.subject


def test_a_digest_does_not_name_it(merged, outbox):
    save_preferences(merged["follower"], {"proposals": "daily"}, {})
    _merge(merged)
    yesterday = last_complete("daily")
    begin, _end = bounds("daily", yesterday)
    when = begin + timedelta(hours=10)
    db.session.execute(update(Notification).values(created_at=when, updated_at=when))
    db.session.commit()
    for delivery_id in plan_digests("daily", yesterday):
        send_delivery(delivery_id)
    (mail,) = [m for m in outbox if m.to == merged["follower"].email]
    assert NEUTRAL in mail.text and SECRET not in mail.text


def test_an_unknown_survivor_gets_the_neutral_wording(merged, client, login):
    fire("proposal.merged", "proposal", merged["duplicate"].id, merged["moderator"], survivor_id=2_000_000,
         survivor_title=SECRET)
    login(merged["follower"])
    html = client.get("/oznameni").get_data(as_text=True)
    assert NEUTRAL in html and SECRET not in html
