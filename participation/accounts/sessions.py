"""Sign-in sessions that really end.

Each sign-in opens a row in `sign_in_session`; the browser keeps a random id
(in Flask's signed session cookie and, with "keep me signed in", in
Flask-Login's remember-me cookie), the database only its SHA-256 digest. On
every request the id is looked up: a session that was ended (signing out, a
password or address change, "sign out everywhere else" in the profile) or has
expired is gone, so a copied cookie stops working at once.

A session with remember-me lasts REMEMBER_DAYS from sign-in; one without ends
after SIGN_IN_IDLE_HOURS without use. "Last seen" is written at most once every
few minutes, not on every request.
"""

import hashlib
import hmac
import ipaddress
import re
import secrets
from datetime import timedelta

from flask import Flask, current_app, g, request, session
from flask_login import current_user, login_user, logout_user
from sqlalchemy import delete, inspect, select
from sqlalchemy.orm import joinedload

from participation.accounts.models import SignInSession, User
from participation.common.models import utcnow
from participation.extensions import db

# What the browser keeps: "<row id>.<secret>". The row is found by its id, then the secret's
# digest is compared in constant time (a selector and a verifier).
TOKEN = re.compile(r"([0-9]{1,10})\.([A-Za-z0-9_-]{43})")
MAX_ID = 2**31 - 1  # the column is a 32-bit integer on PostgreSQL
TOUCH_INTERVAL = timedelta(minutes=5)  # how stale "last seen" may get before it is written
DEVICE_MAX = 80

_BROWSERS = (("Edg/", "Edge"), ("OPR/", "Opera"), ("SamsungBrowser", "Samsung Internet"),
             ("Firefox/", "Firefox"), ("Chrome/", "Chrome"), ("Chromium/", "Chromium"),
             ("Safari/", "Safari"))
_SYSTEMS = (("Android", "Android"), ("iPhone", "iPhone"), ("iPad", "iPad"), ("Windows", "Windows"),
            ("Mac OS X", "macOS"), ("CrOS", "ChromeOS"), ("Linux", "Linux"))


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _parse(token) -> tuple[int, str] | None:
    match = TOKEN.fullmatch(token) if isinstance(token, str) else None
    if match is None or int(match.group(1)) > MAX_ID:
        return None
    return int(match.group(1)), match.group(2)


def describe_device(user_agent: str | None) -> str:
    """A short, recognisable name for the browser ("Firefox, Android"), never the whole header."""
    agent = user_agent or ""
    browser = next((name for mark, name in _BROWSERS if mark in agent), "")
    system = next((name for mark, name in _SYSTEMS if mark in agent), "")
    return ", ".join(part for part in (browser, system) if part)[:DEVICE_MAX]


def address_prefix(address: str | None) -> str:
    """The network the address belongs to (IPv4 /24, IPv6 /48): enough to recognise, not to locate."""
    try:
        ip = ipaddress.ip_address((address or "").strip())
    except ValueError:
        return ""
    prefix = 24 if ip.version == 4 else 48
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))


def _lifetime(remember: bool) -> timedelta:
    if remember:
        return current_app.config["REMEMBER_COOKIE_DURATION"]
    return timedelta(hours=current_app.config["SIGN_IN_IDLE_HOURS"])


def start(user: User, remember: bool = False, user_agent: str | None = None,
          address: str | None = None) -> str:
    """Open a sign-in session for the user and return its id (kept by the browser only)."""
    now = utcnow()
    secret = secrets.token_urlsafe(32)
    # Expired sessions go here, anybody's: the table keeps itself small without a scheduled job.
    db.session.execute(delete(SignInSession).where(SignInSession.expires_at <= now))
    record = SignInSession(user_id=user.id, token_hash=digest(secret), remember=remember,
                           created_at=now, last_seen_at=now, expires_at=now + _lifetime(remember),
                           device=describe_device(user_agent), address_prefix=address_prefix(address))
    db.session.add(record)
    db.session.commit()
    token = f"{record.id}.{secret}"
    user.sign_in_token = token
    g.sign_in_session_id = record.id
    return token


def sign_in(user: User, remember: bool = False) -> None:
    """Open a session for this browser and sign it in (remember-me cookie when asked)."""
    start(user, remember, request.headers.get("User-Agent"), request.remote_addr)
    login_user(user, remember=remember)


def load_user(token: str) -> User | None:
    """Flask-Login's user_loader: the user of a live session with this id, else nobody."""
    parsed = _parse(token)
    if parsed is None:  # not a session id at all (a cookie from before sessions were kept)
        _forget_browser_session()
        return None
    record = _find(parsed[0])
    now = utcnow()
    if (record is None or not hmac.compare_digest(record.token_hash, digest(parsed[1]))
            or record.expires_at <= now or not record.user.is_active):
        _forget_browser_session()
        return None
    g.sign_in_session_id = record.id
    if now - record.last_seen_at >= TOUCH_INTERVAL:
        _touch(record, now)
    return record.user


def _find(record_id: int) -> SignInSession | None:
    """The session row with its user: in one query, or none when this ORM session holds both fresh."""
    record = db.session.identity_map.get(db.session.identity_key(SignInSession, record_id))
    if record is not None and _fresh(record) and _fresh(record.user):
        return record
    # The home municipality too: the support panel and the profile name it on many pages.
    return db.session.scalar(select(SignInSession)
                             .options(joinedload(SignInSession.user).joinedload(User.home_municipality))
                             .where(SignInSession.id == record_id))


def _fresh(instance) -> bool:
    state = inspect(instance)
    return not state.expired and not state.expired_attributes


def _touch(record: SignInSession, now) -> None:
    """Write "last seen" (and slide an idle session's end); skipped if the request has work pending."""
    if db.session.new or db.session.dirty or db.session.deleted:
        return
    record.last_seen_at = now
    if not record.remember:
        record.expires_at = now + _lifetime(False)
    db.session.commit()


def _forget_browser_session() -> None:
    """Drop an ended session's id from the cookie, and the remember-me cookie with it."""
    session.pop("_user_id", None)
    session.pop("_fresh", None)
    if current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token") in request.cookies:
        session["_remember"] = "clear"


def current_session_id() -> int | None:
    """The id of the sign-in session this request belongs to, if any."""
    if not current_user.is_authenticated:  # also loads the session, if not loaded yet
        return None
    return g.get("sign_in_session_id")


def end_current() -> None:
    """Sign this browser out and end its session, so no copy of its cookies works any more."""
    parsed = _parse(session.get("_user_id"))
    if parsed is not None:
        db.session.execute(delete(SignInSession).where(SignInSession.id == parsed[0],
                                                       SignInSession.token_hash == digest(parsed[1])))
        db.session.commit()
    logout_user()
    g.pop("sign_in_session_id", None)


def end_sessions(user: User, keep_id: int | None = None) -> None:
    """End every session of the user except `keep_id`; the caller commits."""
    statement = delete(SignInSession).where(SignInSession.user_id == user.id)
    if keep_id is not None:
        statement = statement.where(SignInSession.id != keep_id)
    db.session.execute(statement)


def end_session(user: User, session_id: int) -> bool:
    """End one of the user's own sessions; False when there is no such session of theirs."""
    result = db.session.execute(delete(SignInSession).where(
        SignInSession.id == session_id, SignInSession.user_id == user.id))
    db.session.commit()
    return result.rowcount > 0


def active_sessions(user: User) -> list[SignInSession]:
    """The user's live sessions, most recently used first."""
    return list(db.session.scalars(
        select(SignInSession)
        .where(SignInSession.user_id == user.id, SignInSession.expires_at > utcnow())
        .order_by(SignInSession.last_seen_at.desc(), SignInSession.id.desc())
    ))


def init_app(app: Flask) -> None:
    """Cookie defaults: Secure in production (HttpOnly and SameSite=Lax everywhere)."""
    production = app.config.get("ENV_NAME") == "production"
    for name in ("SESSION_COOKIE_SECURE", "REMEMBER_COOKIE_SECURE"):
        if app.config.get(name) is None:
            app.config[name] = production
    if app.config.get("HSTS_MAX_AGE") is None:
        app.config["HSTS_MAX_AGE"] = 365 * 24 * 3600 if production else 0
