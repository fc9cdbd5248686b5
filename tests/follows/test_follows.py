"""Following proposals, municipalities and groupings: services, button, list page."""

import threading

import pytest
from sqlalchemy import func, select

from participation.common.models import utcnow
from participation.extensions import db
from participation.follows import services
from participation.follows.models import Follow
from participation.follows.targets import subject_type_of, url_for_target
from participation.proposals.models import ProposalStatus
from tests.factories import GroupingFactory, MunicipalityFactory
from tests.follows.factories import PlainProposalFactory, UserFactory


def _follows(user):
    return db.session.scalar(select(func.count(Follow.id)).where(Follow.user_id == user.id))


@pytest.mark.parametrize("make", [PlainProposalFactory, MunicipalityFactory, GroupingFactory])
def test_follow_unfollow_any_target(app, make):
    user = UserFactory()
    target = make()
    assert not services.is_following(user, target)
    assert services.follow(user, target) is True
    assert services.follow(user, target) is False  # idempotent
    assert services.is_following(user, target)
    assert services.follower_count(target) == 1
    assert _follows(user) == 1
    assert services.unfollow(user, target) is True
    assert services.unfollow(user, target) is False
    assert services.follower_count(target) == 0


def test_targets_of_different_types_with_the_same_id_are_separate(app):
    user = UserFactory()
    proposal = PlainProposalFactory(id=5000)
    municipality = MunicipalityFactory(id=5000)
    services.follow(user, proposal)
    assert services.is_following(user, proposal)
    assert subject_type_of(municipality) == "municipality"
    assert not services.is_following(user, municipality)


def test_follow_in_transaction_survives_a_duplicate_inside_the_callers_transaction(app):
    user = UserFactory()
    proposal = PlainProposalFactory()
    db.session.add(Follow(user_id=user.id, proposal_id=proposal.id))
    db.session.commit()
    # A duplicate row inserted behind the service's back must not break the caller.
    assert services.follow_in_transaction(user, proposal) is False
    proposal.title = "Changed in the same transaction"
    db.session.commit()
    assert services.follower_count(proposal) == 1


def test_anything_else_cannot_be_followed(app):
    user = UserFactory()
    with pytest.raises(TypeError):
        services.follow(user, user)


def test_visitors_and_deleted_accounts_follow_nothing(app):
    from flask_login import AnonymousUserMixin

    proposal = PlainProposalFactory()
    assert services.follow(AnonymousUserMixin(), proposal) is False
    deleted = UserFactory(deleted_at=utcnow())
    assert services.follow(deleted, proposal) is False
    assert services.follower_count(proposal) == 0


def test_bulk_helpers(app):
    user, other = UserFactory(), UserFactory()
    first, second, third = PlainProposalFactory(), PlainProposalFactory(), PlainProposalFactory()
    services.follow(user, first)
    services.follow(other, first)
    services.follow(user, third)
    assert services.followed_ids(user, "proposal", [first.id, second.id, third.id]) == {first.id, third.id}
    assert services.follower_counts("proposal", [first.id, second.id, third.id]) == {first.id: 2, third.id: 1}
    assert services.count_follows_by_type(user)["proposal"] == 2


def test_auto_follow_triggers(app):
    user = UserFactory()
    proposal = PlainProposalFactory()
    assert services.auto_follow(user, proposal, "support") is True
    db.session.commit()
    assert services.is_following(user, proposal)
    with pytest.raises(ValueError):
        services.auto_follow(user, proposal, "looked at it")


def test_concurrent_follows_leave_one_row(app, database_url):
    if database_url.startswith("sqlite"):
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL")
    user = UserFactory()
    proposal = PlainProposalFactory()
    user_id, proposal_id = user.id, proposal.id
    errors = []

    def worker():
        with app.app_context():
            try:
                from participation.accounts.models import User
                from participation.proposals.models import Proposal

                services.follow(db.session.get(User, user_id), db.session.get(Proposal, proposal_id))
            except Exception as error:  # pragma: no cover - reported below
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert services.follower_count(proposal) == 1


# --- views -----------------------------------------------------------------


def test_follow_button_without_javascript_redirects_back(app, client, login):
    user = UserFactory()
    proposal = PlainProposalFactory()
    login(user)
    response = client.post(f"/sledovani/podnet/{proposal.id}", data={"next": "/somewhere?x=1"})
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/somewhere?x=1")
    assert services.is_following(user, proposal)
    response = client.post(f"/sledovani/podnet/{proposal.id}/smazat", data={"next": "https://evil.example/"})
    assert response.status_code == 303
    assert "evil" not in response.headers["Location"]
    assert not services.is_following(user, proposal)


def test_follow_button_with_htmx_returns_the_fragment(app, client, login):
    user = UserFactory(locale="en")
    proposal = PlainProposalFactory()
    login(user)
    response = client.post(
        f"/sledovani/podnet/{proposal.id}", data={"next": "/back"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert html.lstrip().startswith(f'<div id="follow-proposal-{proposal.id}"')
    assert "<html" not in html
    assert f'/sledovani/podnet/{proposal.id}/smazat' in html
    assert 'value="/back"' in html
    assert "1 follower" in html


def test_fragment_renders_for_visitors_and_in_czech(app, client):
    from flask import render_template

    proposal = PlainProposalFactory()
    UserFactory()
    with app.test_request_context("/p"):
        html = render_template("follows/_button.html", target=proposal)
    assert f'id="follow-proposal-{proposal.id}"' in html
    assert "<form" not in html  # visitors get a sign-in link (once accounts exist), not a form
    assert "0 sledujících" in html


def test_follow_refuses_unknown_types_missing_and_invisible_items(app, client, login):
    user = UserFactory()
    login(user)
    assert client.post("/sledovani/user/1").status_code == 404
    assert client.post("/sledovani/podnet/999999").status_code == 404
    draft = PlainProposalFactory(status=ProposalStatus.DRAFT)
    assert client.post(f"/sledovani/podnet/{draft.id}").status_code == 404
    hidden = PlainProposalFactory(hidden_at=utcnow(), hidden_reason="spam")
    assert client.post(f"/sledovani/podnet/{hidden.id}").status_code == 404
    assert _follows(user) == 0
    # the author may follow their own draft
    login(draft.author)
    assert client.post(f"/sledovani/podnet/{draft.id}").status_code == 303


def test_visitors_cannot_follow(app, client):
    proposal = PlainProposalFactory()
    response = client.post(f"/sledovani/podnet/{proposal.id}")
    assert response.status_code in (302, 401)
    assert services.follower_count(proposal) == 0


def test_list_of_what_i_follow(app, client, login, count_queries):
    user = UserFactory(locale="en")
    proposals = [PlainProposalFactory() for _ in range(3)]
    for proposal in proposals:
        services.follow(user, proposal)
    grouping = GroupingFactory(name="Mikroregion Pod Horou")
    services.follow(user, grouping)
    login(user)
    response = client.get("/sledovani?type=proposal")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    for proposal in proposals:
        assert proposal.title in html
        assert f'id="follow-proposal-{proposal.id}"' in html
    assert "Mikroregion Pod Horou" not in html
    assert "Mikroregion Pod Horou" in client.get("/sledovani?type=grouping").get_data(as_text=True)
    assert client.get("/sledovani?type=nonsense&page=abc").status_code == 200
    db.session.expire_all()
    with count_queries() as few:
        client.get("/sledovani?type=proposal")
    for _ in range(10):
        services.follow(user, PlainProposalFactory())
    db.session.expire_all()
    with count_queries() as many:
        client.get("/sledovani?type=proposal")
    assert many["n"] == few["n"], (few["statements"], many["statements"])


def test_url_for_target_uses_the_detail_page_when_it_exists(app):
    grouping = GroupingFactory()
    with app.test_request_context("/"):
        expected = None
        if "territory.grouping" in app.view_functions:
            expected = "/"
        url = url_for_target("grouping", grouping)
        assert url is None if expected is None else url.startswith("/")
