"""Workspaces: My Spolu for everyone signed in, the inbox for moderators."""

from flask import Blueprint, abort, current_app, make_response, render_template, request
from flask_login import current_user

from participation.common.pagination import page_from_request
from participation.extensions import htmx, login_manager
from participation.permissions import workspaces as rules
from participation.workspaces import mine

bp = Blueprint("workspaces", __name__)

DEFAULT_PER_PAGE = 10


def _per_page() -> int:
    return current_app.config.get("WORKSPACE_PER_PAGE", DEFAULT_PER_PAGE)


def _require_login():
    if not current_user.is_authenticated:
        if "accounts.login" in current_app.view_functions:
            return login_manager.unauthorized()
        abort(401)
    return None


@bp.get("/muj-spolu", endpoint="mine")
def mine_page():
    """My Spolu: my proposals, supports, comments, follows and consultations to answer."""
    if (login := _require_login()) is not None:
        return login
    if not rules.can_view_mine(current_user):
        abort(403)
    per_page = _per_page()
    wanted = request.args.get("list", "")
    if htmx and wanted in mine.SECTIONS:
        # htmx asks for one list's next page: render (and query) only that list.
        page = mine.load_section(current_user, wanted, page_from_request(mine.page_param(wanted)), per_page)
        response = make_response(render_template(f"workspaces/_mine_{wanted}.html", page=page))
    else:
        sections = {
            name: mine.load_section(current_user, name, page_from_request(mine.page_param(name)), per_page)
            for name in mine.SECTIONS
        }
        response = make_response(render_template("workspaces/mine.html", sections=sections))
    response.headers["Vary"] = "HX-Request"
    return response
