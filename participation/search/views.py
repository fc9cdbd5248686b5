"""The site search page: /hledat?q=... grouped by kind with counts, one kind paged."""

from flask import Blueprint, current_app, make_response, render_template, request
from flask_login import current_user

from participation.common.pagination import page_from_request
from participation.extensions import htmx
from participation.search import queries
from participation.search.kinds import BY_NAME, KINDS

bp = Blueprint("search", __name__)


@bp.get("/hledat", endpoint="results")
def results():
    """Find anything: proposals, places, agreements, projects, consultations, good practice."""
    query = queries.read_query(request.args.get("q"))
    kind = BY_NAME.get(request.args.get("kind", ""))
    found = queries.run(current_user, query, kind, page_from_request(), current_app.config["PER_PAGE"])
    context = {"query": query, "kind": kind, "found": found, "kinds": KINDS}
    fragment = htmx and not htmx.history_restore_request
    response = make_response(render_template("search/_results.html" if fragment else "search/results.html",
                                             **context))
    response.headers["Vary"] = "HX-Request"
    return response
