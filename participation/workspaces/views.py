"""Workspaces: My Spolu for everyone signed in, the inbox for moderators."""

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from participation.common.pagination import page_from_request
from participation.common.validation import read_int
from participation.extensions import htmx, limiter, login_manager
from participation.permissions import workspaces as rules
from participation.proposals.models import ProposalStatus
from participation.workspaces import inbox as waiting
from participation.workspaces import mine, services
from participation.workspaces.forms import BulkStatusForm

bp = Blueprint("workspaces", __name__)

DEFAULT_PER_PAGE = 10


def _per_page() -> int:
    return current_app.config.get("WORKSPACE_PER_PAGE", DEFAULT_PER_PAGE)


def _write_limit() -> str:
    return current_app.config["RATELIMIT_WRITE"]


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


# --- The moderator's inbox ---------------------------------------------------------


def _require_inbox():
    if (login := _require_login()) is not None:
        return login
    if not rules.can_view_inbox(current_user):
        abort(403)
    return None


def _render_inbox(form: BulkStatusForm, status: int = 200, selected=frozenset(), refusal: str = ""):
    filters = waiting.InboxFilters.from_args(request.args, current_user)
    page = waiting.inbox_page(current_user, filters, page_from_request(), current_app.config["PER_PAGE"])
    context = {"filters": filters, "page": page, "form": form, "selected": selected, "refusal": refusal,
               "kind_labels": waiting.KIND_LABELS}
    if htmx and request.method == "GET" and not htmx.history_restore_request:
        response = make_response(render_template("workspaces/_inbox_results.html", **context), status)
    else:
        context["municipalities"] = waiting.municipality_choices(current_user)
        response = make_response(render_template("workspaces/inbox.html", **context), status)
    response.headers["Vary"] = "HX-Request"
    return response


@bp.get("/schranka", endpoint="inbox")
def inbox_page():
    """What waits for me in my scope, the longest waiting first, with filters and bulk status."""
    if (denied := _require_inbox()) is not None:
        return denied
    return _render_inbox(BulkStatusForm())


def _checked_ids() -> tuple[list[int], bool]:
    """The checked proposals, and whether every value was a proposal number."""
    raw = request.form.getlist("proposal")
    ids = [number for number in (read_int(value)[0] for value in raw) if number is not None]
    return ids, len(ids) == len(raw)


@bp.post("/schranka/stav", endpoint="bulk_status")
@limiter.limit(_write_limit, methods=["POST"])
def bulk_status():
    """Give the checked proposals one status with one reason, all or nothing."""
    if (denied := _require_inbox()) is not None:
        return denied
    form = BulkStatusForm()
    ids, well_formed = _checked_ids()
    if not form.validate_on_submit():
        return _render_inbox(form, 422, frozenset(ids))
    if not well_formed:
        return _render_inbox(form, 422, frozenset(ids), _("A selected item is not a proposal. Nothing was changed."))
    try:
        changed = services.change_statuses(current_user, ids, ProposalStatus(form.status.data), form.reason.data)
    except services.BulkRefused as refused:
        return _render_inbox(form, 422, frozenset(ids), str(refused.message))
    flash(ngettext("The status of %(num)s proposal is changed.", "The status of %(num)s proposals is changed.",
                   len(changed)), "success")
    return redirect(url_for("workspaces.inbox", **request.args), code=303)
