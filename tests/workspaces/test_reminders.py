"""Reminders: a municipality's moderators hear once when an item waits longer than INBOX_REMINDER_DAYS."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from participation.common.models import utcnow
from participation.events.models import Event
from participation.extensions import db
from participation.notifications.dispatch import dispatch_event
from participation.notifications.models import Notification
from participation.proposals.models import OfficialAnswer
from participation.workspaces import reminders
from participation.workspaces.models import InboxReminder
from tests.factories import MunicipalityFactory, UserFactory, administrator, moderator_of
from tests.proposals.factories import ProposalFactory


def _ago(days):
    return utcnow() - timedelta(days=days, hours=1)


@pytest.fixture
def world(app):
    app.config["INBOX_REMINDER_DAYS"] = (7, 30)
    here, there, unmoderated = MunicipalityFactory(), MunicipalityFactory(), MunicipalityFactory()
    w = {"here": here, "there": there}
    w["old"] = ProposalFactory(title="Čeká osm dní", municipalities=[here], published_at=_ago(8))
    w["fresh"] = ProposalFactory(title="Čeká dva dny", municipalities=[here], published_at=_ago(2))
    w["shared"] = ProposalFactory(title="Společný", municipalities=[here, there], published_at=_ago(10))
    ProposalFactory(title="Bez moderátora", municipalities=[unmoderated], published_at=_ago(40))
    w["moderator"] = moderator_of(here)
    w["colleague"] = moderator_of(here)
    w["moderator_there"] = moderator_of(there)
    w["resident"] = UserFactory(home_municipality=here)
    w["administrator"] = administrator()
    return w


def _events():
    return db.session.scalars(select(Event).where(Event.kind == "inbox.reminder").order_by(Event.id)).all()


def test_moderators_hear_once_about_items_waiting_too_long(world):
    result = reminders.remind()
    events = _events()
    reminded = sorted((e.payload["municipality_id"], e.subject_id) for e in events)
    assert reminded == sorted([(world["here"].id, world["old"].id), (world["here"].id, world["shared"].id),
                               (world["there"].id, world["shared"].id)])
    assert (result.sent, result.municipalities) == (3, 2)
    assert {e.payload["threshold_days"] for e in events} == {7}
    # The same day again, or the next: nothing new.
    assert reminders.remind().sent == 0
    assert reminders.remind(utcnow() + timedelta(days=1)).sent == 0
    assert len(_events()) == 3


def test_the_next_threshold_reminds_again_once(world):
    reminders.remind()
    later = utcnow() + timedelta(days=25)  # "old" now waits 33 days, "shared" 35, "fresh" 27
    result = reminders.remind(later)
    thirty = [e for e in _events() if e.payload["threshold_days"] == 30]
    assert sorted(e.subject_id for e in thirty) == sorted([world["old"].id, world["shared"].id, world["shared"].id])
    assert sum(1 for e in _events() if e.subject_id == world["fresh"].id and e.payload["threshold_days"] == 7) == 1
    assert result.sent == 4
    assert reminders.remind(later).sent == 0


def test_an_item_past_both_thresholds_at_first_gets_one_reminder(world):
    old = ProposalFactory(municipalities=[world["here"]], published_at=_ago(45))
    reminders.remind()
    mine = [e for e in _events() if e.subject_id == old.id]
    assert len(mine) == 1 and mine[0].payload["threshold_days"] == 30
    stored = db.session.scalars(select(InboxReminder.threshold_days).where(InboxReminder.item.like(f"new:p{old.id}:%")))
    assert sorted(stored) == [7, 30]


def test_an_answered_item_is_not_reminded(world):
    db.session.add(OfficialAnswer(proposal_id=world["old"].id, body="Odpovězeno.", municipality_id=world["here"].id))
    db.session.commit()
    reminders.remind()
    assert world["old"].id not in [e.subject_id for e in _events()]


def test_only_that_municipalitys_moderators_are_notified(world):
    reminders.remind()
    event = next(e for e in _events() if e.subject_id == world["old"].id)
    dispatch_event(event.id, with_email=False)
    told = set(db.session.scalars(select(Notification.user_id).where(Notification.event_id == event.id)))
    assert told == {world["moderator"].id, world["colleague"].id}


def test_the_notification_says_how_long_it_waited(client, login, world):
    reminders.remind()
    event = next(e for e in _events() if e.subject_id == world["old"].id)
    dispatch_event(event.id, with_email=False)
    login(world["moderator"])
    page = client.get("/oznameni").get_data(as_text=True)
    assert "Čeká osm dní" in page and ("8 dní" in page or "8 days" in page)


def test_no_thresholds_means_no_reminders(world, app):
    app.config["INBOX_REMINDER_DAYS"] = ()
    assert reminders.remind().sent == 0
    assert _events() == []


def test_the_command(world, app):
    result = app.test_cli_runner().invoke(args=["workspaces", "remind"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("3 reminders")
    again = app.test_cli_runner().invoke(args=["workspaces", "remind"])
    assert again.output.startswith("0 reminders")
