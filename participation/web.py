"""Site-wide request handling: error pages, template helpers, security and cache headers."""

from flask import Flask, current_app, render_template, request
from flask_babel import format_date, format_datetime, format_decimal, format_percent, get_locale, gettext
from flask_wtf.csrf import CSRFError
from markupsafe import Markup
from werkzeug.exceptions import HTTPException

from participation import permissions
from participation.common import page_caching
from participation.common.markdown import render_markdown
from participation.extensions import db, login_manager

ERROR_CODES = (400, 403, 404, 405, 413, 429, 500)


def init_app(app: Flask) -> None:
    _init_login(app)
    _init_errors(app)
    _init_templates(app)
    app.after_request(_security_headers)
    page_caching.init_app(app)
    app.before_request(_forget_request_caches)


def _forget_request_caches() -> None:
    """Start each request with no cached user, scope or locale.

    In production every request has its own application context, so this is a
    no-op; tests that keep one application context across requests need it.
    """
    from flask import g

    for name in ("_login_user", "_spolu_scopes", "_flask_babel", "sign_in_session_id"):
        g.pop(name, None)


def _init_login(app: Flask) -> None:
    from participation.accounts import sessions

    # The session and the remember-me cookie carry a sign-in session's id, not the account's.
    login_manager.user_loader(sessions.load_user)

    login_manager.login_view = "accounts.login"
    login_manager.login_message = None
    login_manager.needs_refresh_message = None


def _render_error(code: int, description: str | None = None):
    return render_template(f"errors/{code}.html", description=description), code


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
        app.logger.exception("Unhandled error on %s", request.path)
        db.session.rollback()
        return _render_error(500)


def _init_templates(app: Flask) -> None:
    app.jinja_env.filters["markdown"] = render_markdown
    app.jinja_env.filters["date"] = lambda value, fmt="long": format_date(value, fmt) if value else ""
    app.jinja_env.filters["datetime"] = (
        lambda value, fmt="medium": format_datetime(value, fmt) if value else ""
    )
    app.jinja_env.filters["number"] = lambda value: format_decimal(value or 0)
    app.jinja_env.filters["percent"] = lambda value, fmt="#,##0.#%": format_percent(value or 0, fmt)
    app.jinja_env.add_extension("jinja2.ext.do")

    @app.context_processor
    def inject_helpers():
        return {
            "can": permissions,
            "current_locale": str(get_locale() or app.config["BABEL_DEFAULT_LOCALE"]),
            "languages": app.config["LANGUAGES"],
            "has_endpoint": lambda endpoint: endpoint in app.view_functions,
        }


def _security_headers(response):
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    hsts = current_app.config.get("HSTS_MAX_AGE")
    if hsts:
        response.headers.setdefault("Strict-Transport-Security", f"max-age={hsts}")
    # htmx is served from our own origin; no inline scripts anywhere.
    response.headers.setdefault(
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "frame-ancestors 'none'; form-action 'self'; base-uri 'self'",
    )
    return response


__all__ = ["init_app", "Markup"]
