"""Home page, language switch, health check, the legal pages."""

from flask import (
    Blueprint,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from flask_login import current_user

from participation.common import confirm as confirmations
from participation.common import dependencies, page_cache
from participation.common.access import login_required, safe_next
from participation.common.htmx import render_page_or_fragment
from participation.common.models import utcnow
from participation.core import front_door, legal
from participation.extensions import db

bp = Blueprint("core", __name__)


@bp.get("/")
def home():
    """What is alive now: the resident's municipality first, then the cards everyone sees."""
    now = utcnow()

    def render_public():
        cards = front_door.public_cards(now)
        return render_template("core/_public_cards.html", cards=cards), cards.seconds_valid(now)

    public = page_cache.cached("home-cards", front_door.PUBLIC_TABLES, render_public)
    personal = front_door.personal_cards(current_user) if current_user.is_authenticated else None
    return render_template("core/home.html", public_cards=public, personal=personal)


@bp.get("/potvrdit")
@login_required
def confirm():
    """Ask before a destructive action: a page without JavaScript, the same question in place for htmx."""
    action = request.args.get("action", "")
    confirmation = confirmations.for_action(action)
    if confirmation is None:
        abort(404)
    back = safe_next(request.args.get("next"), url_for("core.home"))
    return render_page_or_fragment("core/confirm.html", "_partials/confirm.html",
                                   action=action, confirmation=confirmation, back=back)


@bp.get("/jazyk/<language>")
def switch_language(language: str):
    """The footer's language links: switch, then go back to the page.

    A GET that changes the signed-in person's stored language, on purpose: a
    link needs no CSRF token, so a visitor's page carries none. What another
    site could do with it (switch someone's language by linking here) is
    what it could do with the cookie alone; it reveals and risks nothing,
    and the page says the new language plainly. The links are rel=nofollow.
    """
    return _switch_language(language, request.args.get("next"))


@bp.post("/jazyk")
def set_language():
    """Switch language from a form (kept for forms and bookmarks made before the links)."""
    return _switch_language(request.form.get("language", ""), request.form.get("next"))


def _switch_language(language: str, next_path: str | None):
    """Store the language on the account, or in a cookie for visitors; redirect to a page of this site."""
    response = redirect(safe_next(next_path, url_for("core.home")), code=303)
    if language not in current_app.config["LANGUAGES"]:
        return response
    if current_user.is_authenticated and current_user.locale != language:
        current_user.locale = language
        db.session.commit()
    response.set_cookie("lang", language, max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
    return response


@bp.get("/healthz")
def healthz():
    """For load balancers and monitoring: each dependency's state; 503 naming what is down."""
    states = {
        "database": dependencies.database_state(db.session),
        "redis": dependencies.redis_state(current_app.config),
    }
    down = sorted(name for name, state in states.items() if state == "down")
    body = {"status": "unavailable" if down else "ok", **states}
    if down:
        body["down"] = down
    return body, 503 if down else 200, {"Cache-Control": "no-store"}


@bp.get("/favicon.ico")
def favicon():
    """Browsers ask for it at the root."""
    return send_from_directory(current_app.static_folder, "img/favicon.ico")


@bp.get("/ochrana-osobnich-udaju")
def privacy():
    """What Spolu stores about people, why, for how long, and their rights (GDPR)."""
    return legal.page("privacy")


@bp.get("/podminky-uziti")
def terms():
    """The terms of use: what may be posted, how moderation works, how content may be reused."""
    return legal.page("terms")


@bp.get("/prohlaseni-o-pristupnosti")
def accessibility():
    """The accessibility statement Czech public bodies publish (Act No. 99/2019 Coll.)."""
    return legal.page("accessibility")
