"""Home page, language switch, health check."""

from flask import Blueprint, current_app, redirect, render_template, request, send_from_directory, url_for
from flask_login import current_user

from participation.common.access import safe_next
from participation.extensions import db

bp = Blueprint("core", __name__)


@bp.get("/")
def home():
    """What Spolu is; pick your municipality."""
    return render_template("core/home.html")


@bp.post("/language")
def set_language():
    """Switch language: stored on the account, or in a cookie for visitors."""
    language = request.form.get("language", "")
    target = safe_next(request.form.get("next"), url_for("core.home"))
    response = redirect(target, code=303)
    if language not in current_app.config["LANGUAGES"]:
        return response
    if current_user.is_authenticated:
        current_user.locale = language
        db.session.commit()
    response.set_cookie("lang", language, max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
    return response


@bp.get("/healthz")
def healthz():
    """Liveness for load balancers: the database answers."""
    db.session.execute(db.text("SELECT 1"))
    return {"status": "ok"}


@bp.get("/favicon.ico")
def favicon():
    """Browsers ask for it at the root."""
    return send_from_directory(current_app.static_folder, "img/favicon.ico")
