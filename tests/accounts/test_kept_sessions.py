"""A signed-in request's session and account come from the cache, and stop working the moment they change.

Each request in production starts with an empty ORM session; the tests' one
outlives requests, so each request here starts by emptying it (`_get`), or
the rows would come from it instead of the cache.
"""

import pickle
from datetime import timedelta

from sqlalchemy import select

from participation.accounts import sessions
from participation.accounts.models import SignInSession, User
from participation.extensions import cache, db
from tests.factories import PASSWORD, UserFactory


def _sign_in(app, email="eva@example.cz"):
    browser = app.test_client()
    db.session.expunge_all()
    response = browser.post("/prihlaseni", data={"email": email, "password": PASSWORD, "remember": "y"})
    assert response.status_code == 303
    return browser


def _get(browser, address="/profil"):
    db.session.expunge_all()
    return browser.get(address)


def _signed_in(browser) -> bool:
    return _get(browser).status_code == 200


def _session_reads(statements) -> list[str]:
    return [s for s in statements if "FROM sign_in_session" in s]  # the session is read with its account


def _kept(app, browser, count_queries) -> bool:
    """The next request reads neither the sign-in session nor the account from the database."""
    with count_queries(keep_cache=True) as counter:
        assert _get(browser, "/").status_code == 200
    return not _session_reads(counter["statements"])


def test_a_signed_in_request_reads_its_session_from_the_cache_after_the_first(app, count_queries):
    UserFactory(email="eva@example.cz")
    browser = _sign_in(app)
    assert _signed_in(browser)
    assert _kept(app, browser, count_queries)
    assert _signed_in(browser)


def test_another_persons_sign_in_and_profile_leave_mine_kept(app, count_queries):
    UserFactory(email="eva@example.cz")
    jan_id = UserFactory(email="jan@example.cz").id
    browser = _sign_in(app)
    _get(browser)
    _sign_in(app, "jan@example.cz")
    jan = db.session.get(User, jan_id)
    jan.display_name = "Jan Novák"
    db.session.commit()
    assert _kept(app, browser, count_queries)


def test_signing_out_ends_a_kept_session_at_once(app):
    UserFactory(email="eva@example.cz")
    browser = _sign_in(app)
    thief = app.test_client()
    thief.set_cookie("session", browser.get_cookie("session").value)
    assert _signed_in(thief) and _signed_in(thief)  # the second from the cache
    db.session.expunge_all()
    browser.post("/odhlaseni")
    assert not _signed_in(thief)


def test_a_blocked_account_is_signed_out_although_its_session_was_kept(app):
    eva_id = UserFactory(email="eva@example.cz").id
    browser = _sign_in(app)
    assert _signed_in(browser) and _signed_in(browser)
    db.session.get(User, eva_id).is_active_account = False
    db.session.commit()
    assert not _signed_in(browser)


def test_a_renamed_account_shows_its_new_name_on_the_next_request(app):
    eva_id = UserFactory(email="eva@example.cz", display_name="Eva Malá").id
    browser = _sign_in(app)
    assert "Eva Malá" in _get(browser).get_data(as_text=True)
    db.session.get(User, eva_id).display_name = "Eva Velká"
    db.session.commit()
    page = _get(browser).get_data(as_text=True)
    assert "Eva Velká" in page and "Eva Malá" not in page


def test_a_kept_session_ends_when_its_time_is_up(app, monkeypatch):
    UserFactory(email="eva@example.cz")
    browser = _sign_in(app)
    assert _signed_in(browser) and _signed_in(browser)
    ends = db.session.scalar(select(SignInSession.expires_at))
    monkeypatch.setattr(sessions, "utcnow", lambda: ends + timedelta(seconds=1))
    assert not _signed_in(browser)


def test_ended_by_sign_out_everywhere_else(app):
    UserFactory(email="eva@example.cz")
    phone = _sign_in(app)
    laptop = _sign_in(app)
    assert _signed_in(phone) and _signed_in(phone)
    db.session.expunge_all()
    response = laptop.post("/profil/relace/ukoncit-ostatni")
    assert response.status_code in (302, 303), response.status_code
    assert not _signed_in(phone)
    assert _signed_in(laptop)


def test_without_the_cache_every_request_reads_its_session(app, count_queries):
    app.config["FRAGMENT_CACHE_ENABLED"] = False
    UserFactory(email="eva@example.cz")
    browser = _sign_in(app)
    _get(browser)
    assert not _kept(app, browser, count_queries)
    assert _signed_in(browser)


def test_the_kept_copy_holds_no_password_hash(app):
    UserFactory(email="eva@example.cz")
    browser = _sign_in(app)
    _get(browser)
    kept = [cache.get(key) for key in cache.cache._cache if key.startswith("remember:") and ":sign-in:" in key]
    assert kept and all("password_hash" not in entry["value"].user.__dict__ for entry in kept)
    assert b"scrypt" not in pickle.dumps(kept)


def test_the_password_is_checked_against_the_database_with_a_kept_session(app):
    UserFactory(email="eva@example.cz")
    browser = _sign_in(app)
    _get(browser)
    db.session.expunge_all()
    wrong = browser.post("/profil/heslo", data={"current_password": "not-my-password", "password": "Sedm-lip-2026"})
    assert "Toto není vaše současné heslo." in wrong.get_data(as_text=True)
    db.session.expunge_all()
    right = browser.post("/profil/heslo", data={"current_password": PASSWORD, "password": "Sedm-lip-2026"})
    assert right.status_code in (302, 303)
