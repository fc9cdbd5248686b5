"""Sessions end when the password changes.

Sessions live in Flask's signed cookie (nothing is kept in the server process,
so they survive restarts and work across workers). Each session remembers a
fingerprint of the password it was opened with; after a reset or a change of
password, every other browser still holding an old session is signed out at
its next request. A browser that only has the remember-me cookie left is not
covered: that cookie carries the account id alone.
"""

from flask import Flask, request, session
from flask_login import logout_user, user_logged_in

from participation.accounts.models import User
from participation.accounts.tokens import password_fingerprint
from participation.extensions import db

SESSION_KEY = "_spolu_password"


def _remember_password(sender: Flask, user: User, **extra) -> None:
    session[SESSION_KEY] = password_fingerprint(user.password_hash)


def end_stale_session() -> None:
    """Sign out a session opened before the account's password last changed."""
    if SESSION_KEY not in session or request.endpoint == "static":
        return
    user_id = session.get("_user_id")
    user = db.session.get(User, int(user_id)) if str(user_id or "").isdigit() else None
    if user is None or session[SESSION_KEY] != password_fingerprint(user.password_hash):
        logout_user()
        session.pop(SESSION_KEY, None)


def init_app(app: Flask) -> None:
    user_logged_in.connect(_remember_password, app)
    app.before_request(end_stale_session)
