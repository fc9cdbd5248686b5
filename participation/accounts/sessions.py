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
import logging
import re
import secrets
from datetime import timedelta

from flask import Flask, current_app, g, request, session
from flask_login import current_user, login_user, logout_user
from sqlalchemy import delete, inspect, select
from sqlalchemy.orm import contains_eager

from participation.accounts.models import SignInSession, User
from participation.common import page_cache
from participation.common.models import utcnow
from participation.common.page_cache import here
from participation.extensions import cache, db
from participation.territory.models import Municipality

log = logging.getLogger(__name__)

# What the browser keeps: "<row id>.<secret>". The row is found by its id, then the secret's
# digest is compared in constant time (a selector and a verifier).
TOKEN = re.compile(r"([0-9]{1,10})\.([A-Za-z0-9_-]{43})")
MAX_ID = 2**31 - 1  # the column is a 32-bit integer on PostgreSQL
TOUCH_INTERVAL = timedelta(minutes=5)  # how stale "last seen" may get before it is written
DEVICE_MAX = 80
USER_OF = "sign-in-user:"  # cache key: a session's account id
RECALLED_HERE = 50_000  # sessions' accounts a process recalls without asking the cache (then it starts over)
EXPIRED_BATCH = 20  # expired sessions removed at each sign-in

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
    # Expired sessions go here, anybody's: the table keeps itself small without a scheduled job. Row by row, so
    # that only their own kept copies are invalidated, not every signed-in person's (_kept); a few each time.
    for expired in db.session.scalars(select(SignInSession).where(SignInSession.expires_at <= now).limit(EXPIRED_BATCH)):
        db.session.delete(expired)
    record = SignInSession(user_id=user.id, token_hash=digest(secret), remember=remember,
                           created_at=now, last_seen_at=now, expires_at=now + _lifetime(remember),
                           device=describe_device(user_agent), address_prefix=address_prefix(address))
    db.session.add(record)
    db.session.commit()
    token = f"{record.id}.{secret}"
    _note_user_of(record.id, user.id)
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


def read_ahead() -> None:
    """before_request: a signed-in request's versions in one round trip, before anything checks one.

    Its session, header, remembered figures and shared fragments each check versions; read one by
    one, they were a round trip each (`page_cache.read_ahead`). Nothing is loaded here.
    """
    parsed = _parse(session.get("_user_id"))
    user_id = _user_of(parsed[0]) if parsed is not None else None
    if user_id is None:
        return
    try:
        page_cache.read_ahead(user_id, {SignInSession.__table__.name: f"id={parsed[0]}"})
    except Exception:  # noqa: BLE001  (an unreachable cache: each check reads its own, or computes afresh)
        log.warning("cache unreachable: versions not read ahead", exc_info=True)


def _find(record_id: int) -> SignInSession | None:
    """The session row with its user and home municipality: from this ORM session, the cache, or one query."""
    record = db.session.identity_map.get(db.session.identity_key(SignInSession, record_id))
    if record is not None and _fresh(record) and _fresh(record.user):
        return record
    if record is None:
        kept = _kept(record_id)
        if kept is not None:
            return kept
    found = _load(record_id)
    if found is not None:
        _note_user_of(record_id, found.user_id)
    return found


def _kept(record_id: int) -> SignInSession | None:
    """The session row, its user and home municipality as the cache keeps them, until a row changes.

    Every signed-in request asked the database for them; most pages' other
    parts come from the cache, so that query (and the connection it checks
    out) was most of their work. They are kept under the scopes of this
    session's id and its account's id: a sign-in elsewhere, or another
    person's profile edit, leaves them kept; ending this session, or any
    change to this account (blocked, deleted, renamed), invalidates them.
    The account's id must be known before the rows are read (a scope's
    version is read first), so a session's first request reads them afresh.
    """
    user_id = _user_of(record_id)
    if user_id is None or db.session.identity_map.get(db.session.identity_key(User, user_id)) is not None:
        return None  # not known yet, or this ORM session holds the account (a test's outlives requests)
    record = page_cache.remember("sign-in", f"{record_id}:{user_id}", lambda: _load(record_id, user_id), scopes={
        SignInSession.__table__.name: f"id={record_id}", User.__table__.name: f"id={user_id}"})
    if record is not None and inspect(record).session is None:  # from the cache: into this ORM session
        record = db.session.merge(record, load=False)  # with its user and municipality, without a query
    return record


def _load(record_id: int, user_id: int | None = None) -> SignInSession | None:
    """One query; it names the account's id when known, so the cache sees it reads only that account."""
    statement = (select(SignInSession).join(User, User.id == SignInSession.user_id)
                 .outerjoin(Municipality, Municipality.id == User.home_municipality_id)
                 .options(contains_eager(SignInSession.user).contains_eager(User.home_municipality),
                          # Never copied into the cache; read when a password is checked.
                          contains_eager(SignInSession.user).defer(User.password_hash))
                 .where(SignInSession.id == record_id))
    if user_id is not None:
        statement = statement.where(User.id == user_id)
    return db.session.scalar(statement)


def _user_of(record_id: int) -> int | None:
    """The account a session belongs to, as the cache recalls it (a session never changes account)."""
    if not current_app.config.get("FRAGMENT_CACHE_ENABLED", True):
        return None
    key = f"{USER_OF}{record_id}"
    recalled = here.facts()  # no round trip for a session this process has seen
    if key in recalled:
        return recalled[key]
    try:
        user_id = cache.get(key)
    except Exception:  # noqa: BLE001  (an unreachable cache: read the database)
        return None
    if user_id is not None:
        _recall_here(record_id, user_id)
    return user_id


def _recall_here(record_id: int, user_id: int) -> None:
    """A session id reused for another account (SQLite may reuse the highest) finds no row under the
    old pair, reads the database, and is noted afresh."""
    recalled = here.facts()
    if len(recalled) >= RECALLED_HERE:
        recalled.clear()
    recalled[f"{USER_OF}{record_id}"] = user_id


def _note_user_of(record_id: int, user_id: int) -> None:
    if current_app.config.get("FRAGMENT_CACHE_ENABLED", True):
        _recall_here(record_id, user_id)
        try:
            cache.set(f"{USER_OF}{record_id}", user_id, timeout=int(_lifetime(True).total_seconds()))
        except Exception:  # noqa: BLE001
            pass


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
