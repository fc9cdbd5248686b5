"""Sign in, remember-me, sign out, rate limits and sessions across processes."""

import pytest

from config import TestConfig
from participation import create_app
from participation.accounts.models import User
from participation.accounts.services import delete_account
from participation.extensions import db
from tests.factories import PASSWORD, UserFactory


def _login(client, email, password=PASSWORD, **extra):
    return client.post("/prihlaseni", data={"email": email, "password": password, **extra})


def test_login_page_renders(client):
    response = client.get("/prihlaseni?next=/profil")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert html.count("<h1>") == 1
    assert 'name="next" value="/profil"' in html


def test_login_ok_redirects_to_next_and_records_time(client):
    user = UserFactory(email="eva@example.cz")
    response = _login(client, "EVA@example.cz ", next="/profil")
    assert response.status_code == 303
    assert response.headers["Location"] == "/profil"
    assert client.get("/profil").status_code == 200
    db.session.refresh(user)
    assert user.last_login_at is not None


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)"])
def test_login_never_redirects_off_site(client, target):
    UserFactory(email="eva@example.cz")
    response = _login(client, "eva@example.cz", next=target)
    assert response.headers["Location"] == "/"


def test_wrong_password_is_refused_and_keeps_email(client):
    UserFactory(email="eva@example.cz")
    response = _login(client, "eva@example.cz", "wrong password")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Nesprávná e-mailová adresa nebo heslo" in html
    assert 'value="eva@example.cz"' in html
    assert client.get("/profil").status_code == 302


def test_unknown_email_gets_the_same_answer(client):
    response = _login(client, "nobody@example.cz", "whatever it is")
    assert "Nesprávná e-mailová adresa nebo heslo" in response.get_data(as_text=True)


def test_deleted_account_cannot_sign_in(client):
    user = UserFactory(email="eva@example.cz")
    delete_account(user)
    response = _login(client, "eva@example.cz")
    assert response.status_code == 200
    assert client.get("/profil").status_code == 302


def test_suspended_account_cannot_sign_in(client):
    UserFactory(email="eva@example.cz", is_active_account=False)
    assert _login(client, "eva@example.cz").status_code == 200


def test_unconfirmed_account_may_sign_in(client):
    UserFactory(email="eva@example.cz", email_confirmed_at=None)
    assert _login(client, "eva@example.cz").status_code == 303
    assert 'id="unconfirmed-notice"' in client.get("/profil").get_data(as_text=True)


def test_remember_me_sets_a_lasting_cookie(app, client):
    user = UserFactory(email="eva@example.cz")
    response = _login(client, "eva@example.cz", remember="y")
    cookies = response.headers.getlist("Set-Cookie")
    remember = [c for c in cookies if c.startswith("remember_token=")]
    assert remember and "Expires=" in remember[0] and "HttpOnly" in remember[0]
    # A new browser session with only the remember cookie is still signed in.
    fresh = app.test_client()
    fresh.set_cookie("remember_token", client.get_cookie("remember_token").value)
    assert fresh.get("/profil").status_code == 200
    assert user.display_name in fresh.get("/profil").get_data(as_text=True)


def test_without_remember_me_no_remember_cookie(client):
    UserFactory(email="eva@example.cz")
    response = _login(client, "eva@example.cz")
    assert not any(c.startswith("remember_token=") for c in response.headers.getlist("Set-Cookie"))


def test_logout_is_a_post_and_signs_out(client, login):
    login(UserFactory())
    assert client.get("/odhlaseni").status_code == 405
    response = client.post("/odhlaseni")
    assert response.status_code == 303
    assert client.get("/profil").status_code == 302


def test_logout_forgets_remember_me(app, client):
    UserFactory(email="eva@example.cz")
    _login(client, "eva@example.cz", remember="y")
    client.post("/odhlaseni")
    assert client.get_cookie("remember_token") is None or not client.get_cookie("remember_token").value
    assert client.get("/profil").status_code == 302


def test_signed_in_user_visiting_login_goes_on(client, login):
    login(UserFactory())
    assert client.get("/prihlaseni").status_code == 303


def test_header_shows_sign_in_and_out(client, login):
    html = client.get("/").get_data(as_text=True)
    assert 'href="/prihlaseni' in html and 'href="/registrace"' in html
    user = UserFactory()
    login(user)
    html = client.get("/").get_data(as_text=True)
    assert 'action="/odhlaseni"' in html and user.display_name in html


def test_session_cookie_works_on_a_second_app_instance(app, client, database_url, tmp_path):
    """Sessions live in the signed cookie, so any process with the same key accepts them."""
    user = UserFactory(email="eva@example.cz")
    _login(client, "eva@example.cz")
    cookie = client.get_cookie("session").value

    class Other(TestConfig):
        SQLALCHEMY_DATABASE_URI = database_url
        INSTANCE_DIR = str(tmp_path)

    other = create_app(Other)
    with other.app_context():
        second = other.test_client()
        second.set_cookie("session", cookie)
        response = second.get("/profil")
        assert response.status_code == 200
        assert user.display_name in response.get_data(as_text=True)
        db.session.remove()
        db.engine.dispose()

    class WrongKey(Other):
        SECRET_KEY = "another-key"

    third = create_app(WrongKey)
    with third.app_context():
        stranger = third.test_client()
        stranger.set_cookie("session", cookie)
        assert stranger.get("/profil").status_code == 302
        db.session.remove()
        db.engine.dispose()


def test_login_is_rate_limited(limited_app):
    browser = limited_app(RATELIMIT_LOGIN="3 per minute").test_client()
    codes = [_login(browser, "x@example.cz", "wrong password").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    page = _login(browser, "x@example.cz", "wrong password")
    assert page.status_code == 429
    assert "Příliš mnoho požadavků" in page.get_data(as_text=True)
    # Showing the form is not limited.
    assert browser.get("/prihlaseni").status_code == 200


def test_password_is_hashed_with_scrypt():
    user = User(email="a@b.cz", display_name="A")
    user.set_password("secret words here")
    assert user.password_hash.startswith("scrypt:")
    assert user.check_password("secret words here") and not user.check_password("other")


def test_password_reset_signs_out_other_sessions(app, client):
    from participation.accounts.services import reset_password

    user = UserFactory(email="eva@example.cz")
    _login(client, "eva@example.cz")
    assert client.get("/profil").status_code == 200
    reset_password(user, "a completely new password")
    assert client.get("/profil").status_code == 302
    assert client.get("/profil").status_code == 302


def test_changing_password_keeps_own_session_but_ends_others(app, client):
    UserFactory(email="eva@example.cz")
    other = app.test_client()
    _login(client, "eva@example.cz")
    _login(other, "eva@example.cz")
    response = client.post("/profil/heslo", data={
        "current_password": PASSWORD, "password": "a completely new password"})
    assert response.status_code == 303
    assert client.get("/profil").status_code == 200
    assert other.get("/profil").status_code == 302
