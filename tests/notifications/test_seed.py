"""Demo data: a few unread notifications for each demo account, and no email."""

from sqlalchemy import func, select

from participation.extensions import db
from participation.notifications import seed as notifications_seed
from participation.notifications import services
from participation.notifications.events import record_event
from participation.notifications.models import Delivery, Event, Notification
from tests.factories import MunicipalityFactory
from tests.follows.factories import PlainProposalFactory, UserFactory


def test_seed_leaves_unread_notifications_and_is_idempotent(app, outbox, monkeypatch):
    home = MunicipalityFactory(name="Dolní Dobrouč")
    demo = UserFactory(email="obyvatel@example.cz", home_municipality=home)
    staff = UserFactory(email="moderator@example.cz", home_municipality=home)
    author = UserFactory()
    for i in range(4):
        PlainProposalFactory(author=author, municipalities=[home], title=f"Návrh {i}")
    other = PlainProposalFactory(author=author)
    from participation.follows.services import follow

    follow(demo, other)
    record_event("proposal.official_answer", "proposal", other.id, author)
    db.session.commit()

    notifications_seed.seed({"logins": []})
    assert services.unread_count(demo) >= 3
    from participation.follows.services import is_following

    assert is_following(demo, home)  # the demo resident follows their municipality
    assert services.unread_count(staff) == 3
    counts = (db.session.scalar(select(func.count()).select_from(Notification)),
              db.session.scalar(select(func.count()).select_from(Event)))
    notifications_seed.seed({"logins": []})
    assert counts == (db.session.scalar(select(func.count()).select_from(Notification)),
                      db.session.scalar(select(func.count()).select_from(Event)))
    assert db.session.scalar(select(func.count()).select_from(Delivery)) == 0
    assert outbox == []
