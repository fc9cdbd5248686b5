"""Sign-in sessions that really end: sign-out, password and address changes, the sessions page."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from config import TestConfig
from participation import create_app
from participation.accounts import services
from participation.accounts.models import SignInSession
from participation.accounts.tokens import Purpose, make_token
from participation.common.models import utcnow
from participation.extensions import db
from tests.factories import PASSWORD, UserFactory

AGENT = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36"


def _sign_in(app, email="eva@example.cz", remember=True, agent=AGENT):
    browser = app.test_client()
    data = {"email": email, "password": PASSWORD}
    if remember:
        data["remember"] = "y"
    response = browser.post("/prihlaseni", data=data, headers={"User-Agent": agent},
                            environ_base={"REMOTE_ADDR": "198.51.100.23"})
    assert response.status_code == 303
    return browser


def _copy(app, browser, names=("session", "remember_token")):
    """Another browser holding copies of this one's cookies (an attacker who stole them)."""
    thief = app.test_client()
    for name in names:
        cookie = browser.get_cookie(name)
        if cookie is not None and cookie.value:
            thief.set_cookie(name, cookie.value)
    return thief


def _signed_in(browser) -> bool:
    return browser.get("/profil").status_code == 200


def _count_sessions(user) -> int:
    return db.session.scalar(select(func.count()).select_from(SignInSession)
                             .where(SignInSession.user_id == user.id))


def test_copied_cookies_stop_working_after_sign_out(app):
    UserFactory(email="eva@example.cz")
    browser = _sign_in(app)
    session_only = _copy(app, browser, ("session",))
    remember_only = _copy(app, browser, ("remember_token",))
    assert _signed_in(session_only) and _signed_in(remember_only)

    browser.post("/odhlaseni")
    assert not _signed_in(browser)
    assert not _signed_in(session_only)
    assert not _signed_in(_copy(app, remember_only, ("remember_token",)))


def test_remember_cookie_differs_on_every_sign_in_and_is_not_the_account_id(app):
    user = UserFactory(email="eva@example.cz")
    first = _sign_in(app).get_cookie("remember_token").value
    second = _sign_in(app).get_cookie("remember_token").value
    assert first != second
    assert not first.startswith(f"{user.id}|")
    assert _count_sessions(user) == 2


def test_an_old_style_cookie_with_the_account_id_signs_nobody_in(app, client):
    user = UserFactory(email="eva@example.cz")
    with client.session_transaction() as session:
        session["_user_id"] = str(user.id)
        session["_fresh"] = True
    assert not _signed_in(client)


def test_remember_me_lasts_the_configured_days(app):
    user = UserFactory(email="eva@example.cz")
    browser = _sign_in(app)
    record = db.session.scalar(select(SignInSession).where(SignInSession.user_id == user.id))
    assert record.remember
    assert abs((record.expires_at - record.created_at) - timedelta(days=30)) < timedelta(seconds=5)
    cookie = [c for c in browser.post("/odhlaseni").headers.getlist("Set-Cookie") if c.startswith("remember_token=")]
    assert cookie  # cleared on sign-out


def test_an_expired_session_signs_out(app):
    user = UserFactory(email="eva@example.cz")
    browser = _sign_in(app)
    record = db.session.scalar(select(SignInSession).where(SignInSession.user_id == user.id))
    record.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert not _signed_in(browser)
    assert not _signed_in(_copy(app, browser, ("remember_token",)))


def test_an_idle_session_without_remember_me_ends_after_the_idle_hours(app):
    user = UserFactory(email="eva@example.cz")
    browser = _sign_in(app, remember=False)
    record = db.session.scalar(select(SignInSession).where(SignInSession.user_id == user.id))
    assert not record.remember
    assert abs((record.expires_at - record.created_at) - timedelta(hours=24)) < timedelta(seconds=5)
    record.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert not _signed_in(browser)


def test_last_seen_is_written_at_most_every_few_minutes(app):
    user = UserFactory(email="eva@example.cz")
    browser = _sign_in(app, remember=False)
    record = db.session.scalar(select(SignInSession).where(SignInSession.user_id == user.id))
    first_seen = record.last_seen_at
    assert _signed_in(browser)
    db.session.refresh(record)
    assert record.last_seen_at == first_seen  # a moment later: nothing written

    long_ago = utcnow() - timedelta(minutes=10)
    record.last_seen_at = long_ago
    record.expires_at = long_ago + timedelta(hours=24)
    db.session.commit()
    assert _signed_in(browser)
    db.session.refresh(record)
    assert record.last_seen_at > long_ago + timedelta(minutes=9)
    assert record.expires_at > utcnow() + timedelta(hours=23)  # the idle limit starts again


def test_password_change_ends_every_other_session_but_keeps_this_one(app):
    user = UserFactory(email="eva@example.cz")
    other = _sign_in(app)
    other_copy = _copy(app, other, ("remember_token",))
    this = _sign_in(app, remember=False)
    response = this.post("/profil/heslo", data={"current_password": PASSWORD,
                                                    "password": "modrá louka nad řekou"})
    assert response.status_code == 303
    assert _signed_in(this)
    assert not _signed_in(other)
    assert not _signed_in(other_copy)
    assert _count_sessions(user) == 1


def test_password_reset_ends_every_session(app, client):
    user = UserFactory(email="eva@example.cz")
    browser = _sign_in(app)
    copy = _copy(app, browser, ("remember_token",))
    token = make_token(Purpose.RESET_PASSWORD, {"user": user.id, "pw": services.password_fingerprint(user.password_hash)})
    response = client.post(f"/heslo/obnova/{token}", data={"password": "modrá louka nad řekou",
                                                              "confirm": "modrá louka nad řekou"})
    assert response.status_code in (302, 303)
    assert not _signed_in(browser) and not _signed_in(copy)
    assert _count_sessions(user) == 0


def test_email_change_ends_every_other_session(app):
    user = UserFactory(email="eva@example.cz")
    other = _sign_in(app)
    this = _sign_in(app, remember=False)
    token = make_token(Purpose.CHANGE_EMAIL, {"user": user.id, "from": "eva@example.cz", "to": "eva@example.org"})
    assert this.get(f"/profil/email/potvrzeni/{token}").status_code == 200
    assert _signed_in(this)
    assert not _signed_in(other)


def test_email_change_opened_elsewhere_ends_every_session(app, client):
    user = UserFactory(email="eva@example.cz")
    browser = _sign_in(app)
    token = make_token(Purpose.CHANGE_EMAIL, {"user": user.id, "from": "eva@example.cz", "to": "eva@example.org"})
    assert client.get(f"/profil/email/potvrzeni/{token}").status_code == 200  # a browser not signed in
    assert not _signed_in(browser)


def test_deleting_the_account_ends_every_session(app):
    user = UserFactory(email="eva@example.cz")
    other = _sign_in(app)
    this = _sign_in(app, remember=False)
    assert this.post("/profil/smazat", data={"current_password": PASSWORD}).status_code in (302, 303)
    assert not _signed_in(other) and not _signed_in(this)
    assert _count_sessions(user) == 0


def test_a_blocked_account_is_signed_out_at_the_next_request(app):
    user = UserFactory(email="eva@example.cz")
    browser = _sign_in(app)
    user.is_active_account = False
    db.session.commit()
    assert not _signed_in(browser)


def test_sessions_page_lists_each_browser_and_marks_this_one(app):
    UserFactory(email="eva@example.cz")
    _sign_in(app, agent="Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0")
    this = _sign_in(app)
    response = this.get("/profil/relace")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert "Firefox, Windows" in html and "Chrome, Android" in html
    assert "198.51.100.0/24" in html and "198.51.100.23" not in html
    assert html.count("toto zařízení") == 1
    assert "Odhlásit všude jinde" in html
    assert "/profil/relace" in this.get("/profil").get_data(as_text=True)


def test_signing_one_other_browser_out(app):
    user = UserFactory(email="eva@example.cz")
    other = _sign_in(app)
    this = _sign_in(app)
    other_id = min(db.session.scalars(select(SignInSession.id).where(SignInSession.user_id == user.id)))
    response = this.post(f"/profil/relace/{other_id}/ukoncit")
    assert response.status_code == 303 and response.headers["Location"] == "/profil/relace"
    assert not _signed_in(other) and _signed_in(this)


def test_ending_this_browsers_session_signs_out(app):
    user = UserFactory(email="eva@example.cz")
    this = _sign_in(app)
    record_id = db.session.scalar(select(SignInSession.id).where(SignInSession.user_id == user.id))
    assert this.post(f"/profil/relace/{record_id}/ukoncit").status_code == 303
    assert not _signed_in(this)


def test_sign_out_everywhere_else(app):
    user = UserFactory(email="eva@example.cz")
    others = [_sign_in(app), _sign_in(app, remember=False)]
    this = _sign_in(app)
    assert this.post("/profil/relace/ukoncit-ostatni").status_code == 303
    assert _signed_in(this)
    assert not any(_signed_in(other) for other in others)
    assert _count_sessions(user) == 1


def test_nobody_ends_another_persons_session(app):
    eva = UserFactory(email="eva@example.cz")
    UserFactory(email="jan@example.cz")
    eva_browser = _sign_in(app)
    eva_session = db.session.scalar(select(SignInSession.id).where(SignInSession.user_id == eva.id))
    jan_browser = _sign_in(app, email="jan@example.cz")
    assert jan_browser.post(f"/profil/relace/{eva_session}/ukoncit").status_code == 404
    assert _signed_in(eva_browser)
    assert app.test_client().post(f"/profil/relace/{eva_session}/ukoncit").status_code == 302  # to sign-in
    assert app.test_client().get("/profil/relace").status_code == 302
    assert _signed_in(eva_browser)


def test_sessions_page_query_count(app, count_queries):
    UserFactory(email="eva@example.cz")
    for _ in range(3):
        _sign_in(app)
    this = _sign_in(app)
    this.get("/profil/relace")
    # Each request in production starts with an empty ORM session; the test's one outlives requests, and
    # whether it still holds the sign-in row depends on when the garbage collector last ran.
    db.session.expunge_all()
    with count_queries() as few:
        this.get("/profil/relace")
    for _ in range(5):
        _sign_in(app)
    db.session.expunge_all()
    with count_queries() as many:
        this.get("/profil/relace")
    assert few["n"] == many["n"] <= 4, "\n\n".join(s[:150] for s in many["statements"])


@pytest.fixture
def production_app(_app, database_url):
    """The app as SPOLU_ENV=production builds it (without the CSRF token and rate limits, for brevity)."""

    class Production(TestConfig):
        ENV_NAME = "production"
        TESTING = False
        SECRET_KEY = "a-long-random-production-secret"
        SQLALCHEMY_DATABASE_URI = database_url
        INSTANCE_DIR = _app.instance_path
        SESSION_COOKIE_SECURE = None
        REMEMBER_COOKIE_SECURE = None
        HSTS_MAX_AGE = None

    app = create_app(Production)
    with app.app_context():
        yield app
        db.session.remove()


def test_production_cookies_are_secure_httponly_lax_and_hsts_is_sent(app, production_app):
    UserFactory(email="eva@example.cz")
    browser = production_app.test_client()
    response = browser.post("/prihlaseni", data={"email": "eva@example.cz", "password": PASSWORD, "remember": "y"},
                            base_url="https://spolu.example.cz")
    assert response.status_code == 303
    cookies = {c.split("=", 1)[0]: c for c in response.headers.getlist("Set-Cookie")}
    for name in ("session", "remember_token"):
        assert "; Secure" in cookies[name] and "; HttpOnly" in cookies[name], cookies[name]
        assert "SameSite=Lax" in cookies[name], cookies[name]
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"


def test_development_sends_no_hsts_and_plain_cookies(app, client):
    UserFactory(email="eva@example.cz")
    response = client.post("/prihlaseni", data={"email": "eva@example.cz", "password": PASSWORD, "remember": "y"})
    assert "Strict-Transport-Security" not in response.headers
    assert all("; Secure" not in c for c in response.headers.getlist("Set-Cookie"))


def test_expired_sessions_are_cleared_away_at_the_next_sign_in(app):
    gone = UserFactory(email="gone@example.cz")
    _sign_in(app, email="gone@example.cz")
    db.session.execute(SignInSession.__table__.update().values(expires_at=utcnow() - timedelta(days=1)))
    db.session.commit()
    UserFactory(email="eva@example.cz")
    _sign_in(app)
    assert _count_sessions(gone) == 0


@pytest.mark.parametrize("value", ["99999999999.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                                   "1.short", "\x00", "1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"])
def test_a_made_up_session_id_signs_nobody_in_and_is_dropped(client, value):
    UserFactory(email="eva@example.cz")
    with client.session_transaction() as session:
        session["_user_id"] = value
    response = client.get("/profil")
    assert response.status_code == 302
    with client.session_transaction() as session:
        assert "_user_id" not in session


def test_ending_sessions_asks_first_with_a_csrf_token_and_needs_it(app):
    user = UserFactory(email="eva@example.cz")
    other = _sign_in(app)
    this = _sign_in(app)
    app.config["WTF_CSRF_ENABLED"] = True
    html = this.get("/profil/relace").get_data(as_text=True)
    assert 'action="/profil/relace/ukoncit-ostatni"' not in html  # no one-tap sign-out: a question first
    asked = this.get("/potvrdit?action=/profil/relace/ukoncit-ostatni").get_data(as_text=True)
    assert 'action="/profil/relace/ukoncit-ostatni"' in asked
    tokens = re.findall(r'name="csrf_token" value="([^"]+)"', asked)
    assert tokens  # the page header's sign-out form carries one too
    assert this.post("/profil/relace/ukoncit-ostatni").status_code == 400
    assert _signed_in(other)
    assert this.post("/profil/relace/ukoncit-ostatni", data={"csrf_token": tokens[-1]}).status_code == 303
    assert not _signed_in(other) and _count_sessions(user) == 1
