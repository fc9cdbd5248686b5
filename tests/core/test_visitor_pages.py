"""A visitor's page carries nothing per person: no session, no CSRF token, a shareable Cache-Control."""

import re

import pytest

from tests.factories import PASSWORD, UserFactory
from tests.proposals.factories import ProposalFactory


@pytest.fixture
def csrf_on(app):
    """CSRF protection as in production (TestConfig switches it off)."""
    app.config["WTF_CSRF_ENABLED"] = True


@pytest.fixture
def pages(app):
    proposal = ProposalFactory(title="Autobus do Chocně")
    town = proposal.municipalities[0]
    return {"home": "/", "proposal list": "/podnety/", "proposal": f"/podnety/{proposal.id}",
            "municipality": f"/obce/{town.code}", "municipalities": "/obce"}


def _assert_public(response):
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
    assert "cookie" not in response.headers.get("Vary", "").lower()
    assert "Accept-Language" in response.headers["Vary"]
    cache = response.cache_control
    assert cache.public and cache.max_age == 0 and cache.s_maxage == 60
    html = response.get_data(as_text=True)
    assert "csrf" not in html.lower() and "X-CSRFToken" not in html


@pytest.mark.parametrize("name", ["home", "proposal list", "proposal", "municipality", "municipalities"])
def test_visitor_pages_carry_no_session_no_token_and_may_be_shared(app, csrf_on, pages, name):
    client = app.test_client()
    _assert_public(client.get(pages[name]))
    if name == "proposal list":  # the htmx fragment of the filtered list too
        _assert_public(client.get(pages[name], query_string={"q": "autobus"}, headers={"HX-Request": "true"}))


def test_shared_lifetime_is_a_setting(app, client, pages):
    app.config["PUBLIC_CACHE_MAX_AGE"] = 5
    assert client.get("/").cache_control.s_maxage == 5


def test_forms_that_need_a_token_still_get_one_and_sign_in_works(app, csrf_on):
    UserFactory(email="eva@example.cz")
    client = app.test_client()
    page = client.get("/prihlaseni?next=/podnety/")
    assert page.status_code == 200 and "session=" in page.headers["Set-Cookie"]
    assert page.cache_control.private and not page.cache_control.public
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.get_data(as_text=True)).group(1)

    refused = client.post("/prihlaseni", data={"email": "eva@example.cz", "password": PASSWORD})
    assert refused.status_code == 400  # no token, no sign-in
    signed_in = client.post("/prihlaseni", data={"email": "eva@example.cz", "password": PASSWORD,
                                            "next": "/podnety/", "csrf_token": token})
    assert signed_in.status_code == 303 and signed_in.headers["Location"] == "/podnety/"

    listing = client.get("/podnety/")
    assert listing.cache_control.private and not listing.cache_control.public
    assert "Cookie" in listing.headers["Vary"]
    assert 'hx-headers=\'{"X-CSRFToken": "' in listing.get_data(as_text=True)


def test_signed_in_pages_are_private(client, login, pages):
    login(UserFactory())
    for path in pages.values():
        response = client.get(path)
        assert response.status_code == 200
        assert response.cache_control.private and not response.cache_control.public, path


def test_a_flashed_message_is_never_shared(app, client):
    with client.session_transaction() as session:
        session["_flashes"] = [("info", "Jen pro tebe")]
    response = client.get("/")
    assert "Jen pro tebe" in response.get_data(as_text=True)
    assert response.cache_control.private and not response.cache_control.public


def test_a_visitor_with_a_language_cookie_gets_a_private_page(client):
    client.set_cookie("lang", "en")
    response = client.get("/")
    assert '<html lang="en">' in response.get_data(as_text=True)
    assert response.cache_control.private and not response.cache_control.public


def test_errors_and_views_that_chose_their_own_header_keep_it(client):
    assert client.get("/no-such-page").cache_control.private
    assert client.get("/healthz").cache_control.no_store


def test_language_links_in_the_footer(client):
    html = client.get("/podnety/?q=most").get_data(as_text=True)
    nav = re.search(r'<nav aria-label="Jazyk" class="language-nav">.*?</nav>', html, re.S).group(0)
    assert 'href="/jazyk/en?next=/podnety/?q%3Dmost"' in nav
    assert re.search(r'<a href="/jazyk/cs[^"]*" lang="cs" hreflang="cs" rel="nofollow" aria-current="true">', nav)
    assert re.search(r'<a href="/jazyk/en[^"]*" lang="en" hreflang="en" rel="nofollow">English</a>', nav)
    assert "<form" not in nav


def test_language_link_for_a_visitor_sets_the_cookie_and_returns(client):
    response = client.get("/jazyk/en", query_string={"next": "/podnety/?q=most"})
    assert response.status_code == 303
    assert response.headers["Location"] == "/podnety/?q=most"
    assert "lang=en" in response.headers["Set-Cookie"]
    assert "session=" not in response.headers["Set-Cookie"]
    html = client.get("/").get_data(as_text=True)
    assert '<html lang="en">' in html
    assert 'aria-current="true">English</a>' in html


def test_language_link_for_a_signed_in_person_is_stored_on_the_account(app, client, login):
    from participation.extensions import db

    user = UserFactory(locale="cs")
    login(user)
    response = client.get("/jazyk/en?next=/")
    assert response.status_code == 303
    db.session.refresh(user)
    assert user.locale == "en"
    fresh = login(user, app.test_client())
    assert '<html lang="en">' in fresh.get("/").get_data(as_text=True)


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example", "/\tevil"])
def test_language_link_refuses_an_off_site_next(client, target):
    response = client.get("/jazyk/en", query_string={"next": target})
    assert response.status_code == 303
    assert "evil" not in response.headers["Location"]


def test_unknown_language_changes_nothing(client):
    response = client.get("/jazyk/xx?next=/podnety/")
    assert response.status_code == 303 and response.headers["Location"] == "/podnety/"
    assert "Set-Cookie" not in response.headers
