"""Publishing good practice tells the followers of its solved proposals, and nobody else."""

from sqlalchemy import select

from participation.extensions import db
from participation.follows import services as follows
from participation.good_practice import services
from participation.notifications.dispatch import dispatch_pending
from participation.notifications.items import describe_one
from participation.notifications.models import Event, Notification
from participation.proposals.models import Category
from tests.factories import UserFactory
from tests.notifications.helpers import recipients_of


def test_publishing_reaches_followers_of_linked_proposals(app, world):
    follower, bystander = UserFactory(locale="en"), UserFactory()
    follows.follow(follower, world["solved"])
    follows.follow(bystander, world["elsewhere"])
    follows.follow(world["moderator"], world["solved"])
    with app.test_request_context():
        practice = services.create(world["moderator"], services.PracticeData(
            title="Sdílený sběrný dvůr", summary="Jeden dvůr pro čtyři obce.", category=Category.WASTE,
            proposals=[world["solved"]]))
        services.publish(world["moderator"], practice)
        dispatch_pending()
        event = db.session.query(Event).filter_by(kind="good_practice.published").one()
        # The actor does not hear of their own act; a follower of another proposal hears nothing.
        assert recipients_of(event) == {follower.id}
        item = describe_one(("good_practice", practice.id))
        assert item.public and item.url == f"/dobra-praxe/{practice.id}" and item.title == "Sdílený sběrný dvůr"


def test_notification_reads_as_good_practice(app, client, login, world):
    follower = UserFactory(locale="en")
    follows.follow(follower, world["solved"])
    with app.test_request_context():
        practice = services.create(world["moderator"], services.PracticeData(
            title="Sdílený sběrný dvůr", summary="Jeden dvůr.", category=Category.WASTE,
            proposals=[world["solved"]]))
        services.publish(world["moderator"], practice)
        dispatch_pending()
    login(follower)
    html = client.get("/oznameni").get_data(as_text=True)
    assert "written up as good practice" in html and "Sdílený sběrný dvůr" in html
    notification = db.session.scalar(select(Notification).where(Notification.user_id == follower.id))
    response = client.get(f"/oznameni/{notification.id}/otevrit")
    assert response.headers["Location"].endswith(f"/dobra-praxe/{practice.id}")
