"""Cache-Control for pages: shared only when nothing in them can belong to one person.

A page is public when a visitor without any of Spolu's cookies asked for it
with GET and nothing in the request put anything into a session: no
sign-in, no flashed message, no CSRF token (forms that need one, such as
sign-in and registration, create a session and so stay private). Such a page
is the same for every visitor who speaks the same language, so it answers
`Cache-Control: public, max-age=0, s-maxage=PUBLIC_CACHE_MAX_AGE` and
`Vary: Accept-Language`, without Flask's `Vary: Cookie`.

max-age=0: a browser asks again every time. A browser that kept the
visitor's copy would otherwise show it after signing in or switching
language (the redirect back lands on the same address, which the cookie no
longer changes once `Vary: Cookie` is gone). s-maxage lets a reverse proxy
share the page for a short while; it must pass every request that carries
Spolu's session, remember-me or `lang` cookie to the app (see README).

Sensitive pages answer `Cache-Control: no-store`, so that neither a shared
office computer's browser nor a proxy keeps a copy: administration and the
audit log (`/sprava/...`), moderation and the moderator's inbox, and every
CSV export, whatever the view set.

Everything else answers `Cache-Control: private`, unless the view chose a
header itself (`no-store` on personal pages, files).
"""

from flask import Flask, current_app, request, session
from flask.sessions import SecureCookieSessionInterface
from flask_login import current_user

LANGUAGE_COOKIE = "lang"
# Addresses whose pages are never stored: administration and audit, moderation, the moderator's inbox.
SENSITIVE_PREFIXES = ("/sprava/", "/moderace", "/schranka")
SENSITIVE_ENDPOINTS = {"proposals.moderate"}


class VisitorSessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie session, without `Vary: Cookie` on a page marked public."""

    def save_session(self, app, session, response) -> None:
        super().save_session(app, session, response)
        if response.cache_control.public:
            response.vary.discard("cookie")  # lower case: HeaderSet.remove compares the stored names lowered


def _spolu_cookies(app: Flask) -> tuple[str, ...]:
    remember = app.config.get("REMEMBER_COOKIE_NAME", "remember_token")
    return (app.session_interface.get_cookie_name(app), remember, LANGUAGE_COOKIE)


def is_public(response) -> bool:
    """Nothing in this response can belong to one person (see the module's docstring)."""
    if request.method not in ("GET", "HEAD") or response.status_code != 200:
        return False
    if "Set-Cookie" in response.headers or any(name in request.cookies for name in _spolu_cookies(current_app)):
        return False
    # Without a session cookie, anything now in the session (a CSRF token, a message) was put there by this request.
    return not session and not session.modified and not current_user.is_authenticated


def is_sensitive(response) -> bool:
    """Administration, audit, moderation or an export: kept by no browser and no proxy."""
    if request.path.startswith(SENSITIVE_PREFIXES) or request.endpoint in SENSITIVE_ENDPOINTS:
        return True
    return response.mimetype == "text/csv"  # stored documents keep their own short private caching


def set_cache_control(response):
    """after_request: no-store for sensitive pages, public for what every visitor sees alike, private for the rest."""
    if is_sensitive(response):
        response.headers["Cache-Control"] = "no-store"
        return response
    if "Cache-Control" in response.headers:
        return response
    if is_public(response):
        response.cache_control.public = True
        response.cache_control.max_age = 0
        response.cache_control.s_maxage = current_app.config["PUBLIC_CACHE_MAX_AGE"]
        response.vary.add("Accept-Language")  # no `lang` cookie: the browser's languages chose the page's
    else:
        response.cache_control.private = True
    return response


def init_app(app: Flask) -> None:
    app.session_interface = VisitorSessionInterface()
    app.after_request(set_cache_control)
