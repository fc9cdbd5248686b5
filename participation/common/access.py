"""Guards shared by every package's views: sign-in, a yes/no rule, safe redirects, write limits."""

from functools import wraps
from urllib.parse import urlsplit

from flask import abort, current_app
from flask_login import current_user


def require(allowed: bool) -> None:
    """Visitors go to the login page (401 before it exists); signed-in users without the right get 403."""
    if not current_user.is_authenticated:
        manager = current_app.login_manager
        if manager.login_view in current_app.view_functions:
            abort(manager.unauthorized())
        abort(401)
    if not allowed:
        abort(403)


def login_required(view):
    """Flask-Login's rule, with a plain 401 while no sign-in page exists in this build."""
    from participation.extensions import login_manager

    @wraps(view)
    def wrapper(*args, **kwargs):
        if current_user.is_authenticated:
            return view(*args, **kwargs)
        if login_manager.login_view in current_app.view_functions:
            return login_manager.unauthorized()
        abort(401)

    return wrapper


def int_list(values) -> set[int]:
    """The positive integers among submitted values; anything else is dropped."""
    from participation.common.validation import read_int

    numbers = (read_int(value)[0] for value in values)
    return {number for number in numbers if number is not None}


def safe_next(target: str | None, fallback: str) -> str:
    """Only follow a relative path on this site; anything else goes to fallback."""
    if not target:
        return fallback
    # Browsers read "/\\host" as "//host": refuse backslashes and control characters too.
    if "\\" in target or any(ord(ch) < 32 for ch in target):
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return fallback
    return target


def write_limit() -> str:
    """The rate limit on a form that writes (RATELIMIT_WRITE)."""
    return current_app.config["RATELIMIT_WRITE"]
