"""The author's dated updates after publication: who may post, what followers hear, hiding by moderators."""

import pytest
from sqlalchemy import func, select

from participation.audit.models import AuditEntry
from participation.events.models import Event
from participation.extensions import db
from participation.notifications.messages import sentence
from participation.notifications.topics import topic_of
from participation.permissions import proposals as rules
from participation.proposals import updates
from participation.proposals.media_models import ProposalUpdate
from tests.factories import MunicipalityFactory, UserFactory, administrator, moderator_of

from .factories import DraftFactory, ProposalFactory, SupportFactory


@pytest.fixture
def world(app):
    town = MunicipalityFactory(name="Horní Ves")
    author = UserFactory(home_municipality=town, locale="en")
    proposal = ProposalFactory(author=author, municipalities=[town], title="Autobus do Horní Vsi jezdí jen ráno")
    SupportFactory(proposal=proposal)  # supported: the text can no longer be edited
    return {"town": town, "author": author, "proposal": proposal,
            "moderator": moderator_of(town), "neighbour": UserFactory(home_municipality=town)}


def test_only_the_author_or_staff_may_post_updates(world):
    proposal = world["proposal"]
    assert rules.can_post_update(world["author"], proposal)
    assert rules.can_post_update(world["moderator"], proposal)
    assert rules.can_post_update(administrator(), proposal)
    assert not rules.can_post_update(world["neighbour"], proposal)
    assert not rules.can_post_update(moderator_of(MunicipalityFactory()), proposal)
    assert not rules.can_post_update(None, proposal)
    assert not rules.can_edit(world["author"], proposal)  # what people supported stays as it was
    draft = DraftFactory(author=world["author"])
    assert not rules.can_post_update(world["author"], draft)


def test_the_author_posts_a_dated_update_shown_in_order_and_recorded_for_followers(client, login, world):
    login(world["author"])
    proposal = world["proposal"]
    first = client.post(f"/podnety/{proposal.id}/novinky", data={"body": "Dopravce **odpověděl** dopisem."})
    assert first.status_code == 303 and "#update-" in first.location
    client.post(f"/podnety/{proposal.id}/novinky", data={"body": "Kraj slíbil nový spoj od září."})
    html = client.get(f"/podnety/{proposal.id}").get_data(as_text=True)
    assert "<strong>odpověděl</strong>" in html
    assert html.index("Dopravce") < html.index("Kraj slíbil")
    assert "Updates from the author" in html and "<time datetime=" in html
    event = db.session.scalars(select(Event).where(Event.kind == "proposal.author_update")).first()
    assert event.subject_type == "proposal" and event.subject_id == proposal.id
    assert event.actor_id == world["author"].id
    assert db.session.scalar(select(func.count(AuditEntry.id))) == 0  # the author's own words: no audit


def test_an_update_event_reaches_the_proposal_followers(app, world):
    assert topic_of("proposal.author_update") == topic_of("proposal.official_answer") == "proposals"
    update = updates.post_update(world["author"], world["proposal"], "Dopravce odpověděl. " * 30)
    event = db.session.scalars(select(Event).where(Event.kind == "proposal.author_update")).one()
    assert event.payload["update_id"] == update.id
    assert len(event.payload["excerpt"]) <= updates.EXCERPT_LENGTH + 1
    with app.test_request_context(headers={"Accept-Language": "en"}):
        headline, detail = sentence(event, world["proposal"], "Eva", True)
        _, hidden_detail = sentence(event, world["proposal"], "Eva", False)
    assert "Eva" in headline and world["proposal"].title in headline
    assert detail.startswith("Dopravce odpověděl.")
    assert hidden_detail == ""


def test_anyone_else_is_refused_and_nothing_is_posted(client, login, world):
    proposal = world["proposal"]
    login(world["neighbour"])
    assert client.post(f"/podnety/{proposal.id}/novinky", data={"body": "Cizí novinka"}).status_code == 403
    anonymous = client.application.test_client()
    assert anonymous.post(f"/podnety/{proposal.id}/novinky", data={"body": "Cizí"}).status_code in (302, 303, 403)
    assert db.session.scalar(select(func.count(ProposalUpdate.id))) == 0
    assert "Post the update" not in client.get(f"/podnety/{proposal.id}").get_data(as_text=True)


def test_an_empty_update_is_refused_next_to_the_field_and_too_long_text_kept(client, login, world):
    login(world["author"])
    proposal = world["proposal"]
    response = client.post(f"/podnety/{proposal.id}/novinky", data={"body": "  "})
    assert response.status_code == 422
    assert 'id="body-error"' in response.get_data(as_text=True)
    long_text = "Dlouhá novinka " * 400
    response = client.post(f"/podnety/{proposal.id}/novinky", data={"body": long_text})
    assert response.status_code == 422
    assert "Dlouhá novinka Dlouhá novinka" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(ProposalUpdate.id))) == 0


def test_a_moderator_hides_an_update_with_a_reason_audited(client, login, world):
    proposal = world["proposal"]
    update = updates.post_update(world["author"], proposal, "Telefon na starostu je 777 123 456.")
    login(world["author"])
    assert client.post(f"/podnety/{proposal.id}/novinky/{update.id}/skryt",
                       data={"reason": "x"}).status_code == 403
    login(world["moderator"])
    assert client.post(f"/podnety/{proposal.id}/novinky/{update.id}/skryt", data={"reason": ""}).status_code == 422
    response = client.post(f"/podnety/{proposal.id}/novinky/{update.id}/skryt", data={"reason": "Osobní údaje"})
    assert response.status_code == 303
    entry = db.session.scalars(select(AuditEntry)).one()
    assert (entry.action, entry.reason, entry.details["update_id"]) == ("proposal.update_hide", "Osobní údaje", update.id)
    visitor = client.application.test_client()
    html = visitor.get(f"/podnety/{proposal.id}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "777 123 456" not in html
    assert "Osobní údaje" in html


def test_an_update_of_another_proposal_is_not_found(client, login, world):
    other = ProposalFactory(municipalities=[world["town"]])
    update = updates.post_update(other.author, other, "Jinde")
    login(world["moderator"])
    response = client.post(f"/podnety/{world['proposal'].id}/novinky/{update.id}/skryt", data={"reason": "x"})
    assert response.status_code == 404


def test_the_proposal_page_with_updates_costs_the_same_for_1_and_20(client, login, world, count_queries):
    proposal = world["proposal"]
    updates.post_update(world["author"], proposal, "První")
    visitor = client.application.test_client()
    with count_queries() as one:
        visitor.get(f"/podnety/{proposal.id}")
    for number in range(19):
        updates.post_update(world["author"], proposal, f"Novinka {number}")
    with count_queries() as twenty:
        html = visitor.get(f"/podnety/{proposal.id}").get_data(as_text=True)
    assert html.count('class="proposal-update card"') == 20
    assert twenty["n"] == one["n"]


def test_followers_and_not_the_author_get_a_notification_of_the_update(app, world):
    from participation.follows import services as follows
    from participation.notifications.dispatch import dispatch_pending
    from participation.notifications.models import Notification

    follower, bystander = UserFactory(), UserFactory()
    follows.follow(follower, world["proposal"])
    updates.post_update(world["author"], world["proposal"], "Dopravce odpověděl.")
    dispatch_pending()
    heard = set(db.session.scalars(select(Notification.user_id)))
    assert follower.id in heard
    assert world["author"].id not in heard and bystander.id not in heard
