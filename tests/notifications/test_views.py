"""The notification centre, the unread badge, preferences and unsubscribe links."""

import pytest
from sqlalchemy import select

from participation.extensions import db
from participation.follows import services as follows
from participation.notifications import services
from participation.notifications.models import Notification, NotificationPreference, NotificationSettings
from participation.notifications.tokens import make_unsubscribe_token
from tests.follows.factories import PlainProposalFactory, UserFactory
from tests.notifications.helpers import fire


@pytest.fixture
def reader(app):
    author = UserFactory(display_name="Alena")
    user = UserFactory(locale="en")
    proposals = [PlainProposalFactory(author=author, title=f"Návrh {i}") for i in range(3)]
    for proposal in proposals:
        follows.follow(user, proposal)
        fire("proposal.official_answer", "proposal", proposal.id, author)
    return user, proposals


def _notifications(user):
    return list(db.session.scalars(
        select(Notification).where(Notification.user_id == user.id).order_by(Notification.id)
    ))


def test_centre_lists_notifications_newest_first_with_links(app, reader, client, login):
    user, proposals = reader
    login(user)
    html = client.get("/oznameni").get_data(as_text=True)
    assert html.index("Návrh 2") < html.index("Návrh 1") < html.index("Návrh 0")
    assert "Alena gave an official answer on “Návrh 2”." in html
    first = _notifications(user)[0]
    has_detail_page = any(e in app.view_functions for e in ("proposals.detail", "proposals.show", "proposals.view"))
    assert (f'href="/oznameni/{first.id}/otevrit"' in html) is has_detail_page


def test_unread_count_in_the_header_without_javascript(reader, client, login):
    user, _ = reader
    login(user)
    html = client.get("/").get_data(as_text=True)
    assert 'id="notifications-link"' in html
    assert 'hx-trigger="every 60s"' in html
    assert '<span class="badge">3<span class="visually-hidden"> unread</span></span>' in html


def test_unread_fragment_for_htmx_and_redirect_otherwise(reader, client, login):
    user, _ = reader
    login(user)
    response = client.get("/oznameni/neprectena", headers={"HX-Request": "true"})
    html = response.get_data(as_text=True)
    assert "HX-Request" in response.headers["Vary"]
    assert html.strip().startswith('<li id="notifications-link"')
    assert ">3<" in html
    assert client.get("/oznameni/neprectena").status_code == 302


def test_mark_one_read_with_and_without_htmx(reader, client, login):
    user, _ = reader
    login(user)
    first, second, _ = _notifications(user)
    response = client.post(f"/oznameni/{first.id}/precteno", data={"next": "/oznameni?page=1"})
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/oznameni?page=1")
    response = client.post(f"/oznameni/{second.id}/precteno", headers={"HX-Request": "true"})
    html = response.get_data(as_text=True)
    assert html.strip().startswith(f'<li id="notification-{second.id}" class="notification">')
    assert services.unread_count(user) == 1


def test_open_marks_read_and_goes_to_the_item(reader, client, login):
    user, proposals = reader
    login(user)
    notification = _notifications(user)[0]
    response = client.get(f"/oznameni/{notification.id}/otevrit")
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(Notification, notification.id).read_at is not None


def test_mark_all_read(reader, client, login):
    user, _ = reader
    login(user)
    response = client.post("/oznameni/precteno-vse")
    assert response.status_code == 303
    assert services.unread_count(user) == 0
    assert 'class="badge">' not in client.get("/").get_data(as_text=True).split("</header>")[0]
    response = client.post("/oznameni/precteno-vse", headers={"HX-Request": "true"})
    assert response.get_data(as_text=True).strip().startswith('<div id="notification-list">')


def test_nobody_reads_or_marks_another_persons_notifications(reader, client, login):
    user, _ = reader
    stranger = UserFactory()
    login(stranger)
    notification = _notifications(user)[0]
    assert client.post(f"/oznameni/{notification.id}/precteno").status_code == 404
    assert client.get(f"/oznameni/{notification.id}/otevrit").status_code == 404
    client.post("/oznameni/precteno-vse")
    assert services.unread_count(user) == 3
    assert "Návrh 0" not in client.get("/oznameni").get_data(as_text=True)  # not the nav link "Návrhy"


def test_visitors_are_sent_to_sign_in(app, client):
    for path in ("/oznameni", "/oznameni/nastaveni", "/sledovani"):
        assert client.get(path).status_code in (302, 401)
    assert client.post("/oznameni/precteno-vse").status_code in (302, 401)


def test_malformed_page_and_ids(reader, client, login):
    user, _ = reader
    login(user)
    assert client.get("/oznameni?page=abc").status_code == 200
    assert client.get("/oznameni?page=999").status_code == 200
    assert client.post("/oznameni/999999/precteno").status_code == 404
    assert client.post("/oznameni/abc/precteno").status_code == 404


def test_hidden_item_is_not_named_in_the_centre(reader, client, login):
    from participation.common.models import utcnow

    user, proposals = reader
    proposals[1].hidden_at = utcnow()
    db.session.commit()
    login(user)
    html = client.get("/oznameni").get_data(as_text=True)
    assert "Návrh 1" not in html
    assert "an item that is no longer shown" in html


def test_centre_query_count_does_not_grow(app, client, login, count_queries):
    author = UserFactory()
    user = UserFactory()
    proposal = PlainProposalFactory(author=author)
    follows.follow(user, proposal)
    fire("proposal.official_answer", "proposal", proposal.id, author)
    login(user)
    db.session.expire_all()
    with count_queries() as few:
        assert client.get("/oznameni").status_code == 200
    for _ in range(15):
        other = PlainProposalFactory(author=UserFactory())
        follows.follow(user, other)
        fire("proposal.status_changed", "proposal", other.id, other.author, to_status="under_review")
    db.session.expire_all()
    with count_queries() as many:
        client.get("/oznameni")
    assert many["n"] == few["n"], many["statements"]
    assert many["n"] <= 10


# --- preferences ---------------------------------------------------------------


def test_preferences_show_defaults_and_save(app, client, login):
    user = UserFactory(locale="en")
    login(user)
    html = client.get("/oznameni/nastaveni").get_data(as_text=True)
    assert "Replies to my comments" in html
    data = {f"topic_{name}": mode for name, mode in services.preferences_of(user).items()}
    data.update({"topic_replies": "never", "topic_comments": "weekly", "auto_follow_create": "y"})
    response = client.post("/oznameni/nastaveni", data=data)
    assert response.status_code == 303
    assert services.preferences_of(user)["replies"] == "never"
    assert services.preferences_of(user)["comments"] == "weekly"
    settings = db.session.get(NotificationSettings, user.id)
    assert (settings.auto_follow_create, settings.auto_follow_support, settings.auto_follow_comment) == (
        True, False, False)
    assert follows.wants_auto_follow(user, "support") is False
    assert follows.auto_follow(user, PlainProposalFactory(), "support") is False


def test_preferences_refuse_unknown_modes(app, client, login):
    user = UserFactory(locale="en")
    login(user)
    data = {f"topic_{name}": mode for name, mode in services.preferences_of(user).items()}
    data["topic_replies"] = "hourly"
    response = client.post("/oznameni/nastaveni", data=data)
    assert response.status_code == 400
    assert "Not a valid choice" in response.get_data(as_text=True)
    assert db.session.scalar(select(NotificationPreference)) is None


# --- unsubscribe ---------------------------------------------------------------


def test_unsubscribe_asks_then_stops_the_topic(app, client):
    user = UserFactory(locale="en")
    token = make_unsubscribe_token(user.id, "proposals")
    page = client.get(f"/oznameni/odhlasit-odber/{token}")
    assert page.status_code == 200
    assert services.preferences_of(user)["proposals"] == "daily"  # a GET changes nothing
    response = client.post(f"/oznameni/odhlasit-odber/{token}")
    assert response.status_code == 200
    assert services.preferences_of(user)["proposals"] == "never"
    assert services.preferences_of(user)["replies"] == "immediately"


def test_one_click_unsubscribe_post_from_a_mail_client(app, client):
    user = UserFactory()
    token = make_unsubscribe_token(user.id, "@daily")
    response = client.post(f"/oznameni/odhlasit-odber/{token}", data="List-Unsubscribe=One-Click",
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    modes = services.preferences_of(user)
    assert "daily" not in modes.values()
    assert modes["replies"] == "immediately"


def test_tampered_unsubscribe_link_changes_nothing(app, client):
    user = UserFactory(locale="en")
    token = make_unsubscribe_token(user.id, "proposals")
    other = UserFactory()
    forged = make_unsubscribe_token(other.id, "proposals")
    tampered = token[:-3] + ("abc" if token[-3:] != "abc" else "xyz")
    mixed = forged.split(".")[0] + "." + ".".join(token.split(".")[1:])
    for bad in (tampered, mixed, "nonsense"):
        response = client.post(f"/oznameni/odhlasit-odber/{bad}")
        assert response.status_code == 400
        assert "not valid. Nothing was changed." in response.get_data(as_text=True) or "neplatn" in \
            response.get_data(as_text=True) or "není platný" in response.get_data(as_text=True)
    assert services.preferences_of(user)["proposals"] == "daily"
    assert services.preferences_of(other)["proposals"] == "daily"


def test_expired_unsubscribe_link_changes_nothing(app, client):
    user = UserFactory(locale="en")
    token = make_unsubscribe_token(user.id, "proposals")
    app.config["NOTIFICATIONS_UNSUBSCRIBE_MAX_AGE"] = -1
    try:
        response = client.post(f"/oznameni/odhlasit-odber/{token}", headers={"Accept-Language": "en"})
    finally:
        app.config.pop("NOTIFICATIONS_UNSUBSCRIBE_MAX_AGE")
    assert response.status_code == 400
    assert "expired. Nothing was changed." in response.get_data(as_text=True)
    assert services.preferences_of(user)["proposals"] == "daily"


def test_unsubscribe_link_for_an_unknown_topic_is_invalid(app, client):
    user = UserFactory()
    response = client.post(f"/oznameni/odhlasit-odber/{make_unsubscribe_token(user.id, 'gossip')}")
    assert response.status_code == 400
