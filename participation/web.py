"""Site-wide request handling: error pages, template helpers, security and cache headers."""

from urllib.parse import urlsplit

from flask import Flask, current_app, g, render_template, request
from flask_babel import get_locale, gettext
from flask_wtf.csrf import CSRFError
from markupsafe import Markup
from werkzeug.exceptions import HTTPException

from participation import permissions
from participation.common import (
    dependencies,
    formatting,
    fragment_cache,
    page_cache,
    page_caching,
    template_gettext,
)
from participation.common.charts import bar_chart
from participation.common.markdown import markdown_of, render_markdown
from participation.extensions import db, login_manager

ERROR_CODES = (400, 403, 404, 405, 413, 429, 500, 503)
# Seconds a visitor (or a client) is told to wait when the database is unreachable.
RETRY_AFTER_SECONDS = 30


def init_app(app: Flask) -> None:
    _init_login(app)
    _init_errors(app)
    _init_templates(app)
    # after_request functions run last-registered first: the page cache stores what the others made.
    app.after_request(page_cache.store)
    policy = content_security_policy(app.config.get("MAP_TILE_URL", ""))
    app.after_request(lambda response: _security_headers(response, policy))
    page_caching.init_app(app)
    app.before_request(_forget_request_caches)
    from participation.accounts import sessions

    app.before_request(sessions.read_ahead)  # a signed-in request's versions in one round trip
    _init_page_cache(app)


def _init_page_cache(app: Flask) -> None:
    """Visitors' pages kept whole: the clocks and row scopes of the domains (common/page_cache/)."""
    from participation.accounts.models import SignInSession, User
    from participation.consultations.models import Consultation, Response
    from participation.notifications.models import Notification
    from participation.proposals.models import Proposal, Support

    page_cache.init_app(app)
    page_cache.expires_at(Consultation.__table__.name, _next_consultation_moment)
    # Rows named by these columns get their own version on every write (common/fragment_cache.py).
    fragment_cache.SCOPED_COLUMNS.update({
        Support.__table__.name: ("proposal_id",),  # a proposal's page reads only its own supports
        Notification.__table__.name: ("user_id",),  # the header's unread count reads only the person's
        Proposal.__table__.name: ("author_id",),  # a person's drafts (lists, home page) read only their own
        Response.__table__.name: ("user_id",),  # the home page's "waiting for you" reads only my answers
        SignInSession.__table__.name: ("id",),  # each request's sign-in session and account (accounts/sessions)
        User.__table__.name: ("id",),
    })
    # A signed-in person's own remembered values read these rows, named by their id: read ahead per request.
    page_cache.PERSONAL_COLUMNS.update({Notification.__table__.name: "user_id", Proposal.__table__.name: "author_id",
                                        Response.__table__.name: "user_id", User.__table__.name: "id"})
    page_cache.scope("proposals.detail", lambda args: {Support.__table__.name: f"proposal_id={args.get('proposal_id')}"})
    app.before_request(page_cache.serve_from_cache)  # last: after rate limits and per-request resets


def _next_consultation_moment(now):
    """The next moment a consultation opens or closes: pages showing consultations change then."""
    from sqlalchemy import func, select, union_all

    from participation.consultations.models import Consultation

    moments = union_all(
        select(func.min(Consultation.opens_at).label("at")).where(Consultation.opens_at > now),
        select(func.min(Consultation.closes_at).label("at")).where(Consultation.closes_at > now),
    ).subquery()
    return db.session.scalar(select(func.min(moments.c.at)))


def _forget_request_caches() -> None:
    """Start each request with no cached user, scope, locale or CSRF token.

    In production every request has its own application context, so this is a
    no-op; tests that keep one application context across requests need it.
    """
    from flask import g

    for name in ("_login_user", "_spolu_scopes", "_flask_babel", "sign_in_session_id", "csrf_token",
                 "_spolu_posting_blocks", "_spolu_api_addresses"):
        g.pop(name, None)


def _init_login(app: Flask) -> None:
    from participation.accounts import sessions

    # The session and the remember-me cookie carry a sign-in session's id, not the account's.
    login_manager.user_loader(sessions.load_user)

    login_manager.login_view = "accounts.login"
    login_manager.login_message = None
    login_manager.needs_refresh_message = None


def _render_error(code: int, description: str | None = None):
    """The error page; without the database it is rendered for a visitor, never a bare 500."""
    try:
        return render_template(f"errors/{code}.html", description=description), code
    except Exception as error:
        if not dependencies.is_database_unavailable(error):
            raise
        _forget_user()
        return render_template(f"errors/{code}.html", description=description), code


def _forget_user() -> None:
    """Drop the session's work and show the page as to a visitor: loading the user needs the database."""
    dependencies.rollback_quietly(db.session)
    g._login_user = login_manager.anonymous_user()
    g.pop("_flask_babel", None)  # the locale may have been chosen from the user being loaded


def _database_unavailable():
    """503 "temporarily unavailable", rendered without the database."""
    _forget_user()
    body, code = _render_error(503)
    return body, code, {"Retry-After": str(RETRY_AFTER_SECONDS), "Cache-Control": "no-store"}


def _init_errors(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return _render_error(400, gettext("The form expired or was sent from elsewhere. Go back, reload the page and try again."))

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        code = error.code if error.code in ERROR_CODES else None
        if code is None:
            return error
        return _render_error(code)

    @app.errorhandler(Exception)
    def unhandled(error: Exception):
        if isinstance(error, HTTPException):
            return http_error(error)
        if dependencies.is_database_unavailable(error):
            app.logger.error("The database is unavailable on %s: %s", request.path, error.__class__.__name__)
            return _database_unavailable()
        app.logger.exception("Unhandled error on %s", request.path)
        db.session.rollback()
        return _render_error(500)


def _init_templates(app: Flask) -> None:
    app.jinja_env.filters["markdown"] = render_markdown
    app.jinja_env.filters["markdown_of"] = markdown_of
    app.jinja_env.filters.update(formatting.FILTERS)
    app.jinja_env.globals["lay_out_bar_chart"] = bar_chart
    app.jinja_env.add_extension("jinja2.ext.do")
    template_gettext.install(app)

    @app.context_processor
    def inject_helpers():
        return {
            "can": permissions,
            "current_locale": str(get_locale() or app.config["BABEL_DEFAULT_LOCALE"]),
            "languages": app.config["LANGUAGES"],
            "has_endpoint": lambda endpoint: endpoint in app.view_functions,
        }


def tile_source(tile_url: str) -> str | None:
    """The CSP source of the map's tile server (`https://*.tile.example.org` for a {s} subdomain), or None."""
    parts = urlsplit(tile_url or "")
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    host = ".".join("*" if "{" in label else label for label in parts.netloc.split("."))
    return f"{parts.scheme}://{host}"


def content_security_policy(tile_url: str = "") -> str:
    """The site's policy: everything from our own origin; images also from the map's tile server."""
    images = " ".join(filter(None, ("'self'", "data:", tile_source(tile_url))))
    # htmx and Leaflet are served from our own origin; no inline scripts anywhere.
    return (f"default-src 'self'; img-src {images}; style-src 'self'; script-src 'self'; "
            "frame-ancestors 'none'; form-action 'self'; base-uri 'self'")


def _security_headers(response, policy: str):
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    # A page that names who may frame it (the embed widget) says so in its own policy; every other page refuses.
    own = response.headers.get("Content-Security-Policy", "")
    if "frame-ancestors" not in own or "frame-ancestors 'none'" in own:
        response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    hsts = current_app.config.get("HSTS_MAX_AGE")
    if hsts:
        response.headers.setdefault("Strict-Transport-Security", f"max-age={hsts}")
    response.headers.setdefault("Content-Security-Policy", policy)
    return response


__all__ = ["init_app", "Markup"]
