"""Workspaces: My Spolu for everyone signed in, the inbox and answer templates for moderators."""

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
from participation.extensions import db, htmx, limiter, login_manager
from participation.permissions import workspaces as rules
from participation.proposals import page_queries
from participation.proposals.forms import AnswerForm
from participation.proposals.models import ProposalStatus
from participation.workspaces import answer_templates as templates
from participation.workspaces import inbox as waiting
from participation.workspaces import mine, services
from participation.workspaces.forms import AnswerTemplateForm, BulkStatusForm, DeleteForm
from participation.workspaces.models import AnswerTemplate

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


# --- Answer templates ------------------------------------------------------------------


@bp.app_template_global()
def answer_templates_for(proposal):
    """The templates the current user may use on this proposal (one query; none for others)."""
    if not current_user.is_authenticated or not rules.can_manage_answer_templates(current_user):
        return []
    return templates.for_proposal(current_user, proposal)


def _require_templates():
    if (login := _require_login()) is not None:
        return login
    if not rules.can_manage_answer_templates(current_user):
        abort(403)
    return None


def _load_template(template_id: int) -> AnswerTemplate:
    """The template (404), if the user is its municipality's office (403)."""
    template = db.session.get(AnswerTemplate, template_id)
    if template is None:
        abort(404)
    if not rules.can_manage_answer_template(current_user, template.municipality_id):
        abort(403)
    return template


def _refused(form: AnswerTemplateForm, refused: templates.TemplateRefused) -> None:
    field = getattr(form, refused.field)
    field.errors = [*field.errors, str(refused.message)]


@bp.get("/schranka/sablony", endpoint="answer_templates")
def answer_templates_page():
    """My municipalities' answer templates, by municipality and name."""
    if (denied := _require_templates()) is not None:
        return denied
    page = templates.templates_page(current_user, page_from_request(), current_app.config["PER_PAGE"])
    return render_template("workspaces/answer_templates.html", page=page)


@bp.route("/schranka/sablony/nova", methods=["GET", "POST"], endpoint="new_answer_template")
@limiter.limit(_write_limit, methods=["POST"])
def new_answer_template():
    """Add a template for one of my municipalities."""
    if (denied := _require_templates()) is not None:
        return denied
    form = AnswerTemplateForm()
    form.municipality.choices = templates.municipality_choices(current_user)
    if form.validate_on_submit():
        if not rules.can_manage_answer_template(current_user, form.municipality.data):
            abort(403)
        try:
            templates.create(current_user, form.municipality.data, form.title.data, form.body.data)
        except templates.TemplateRefused as refused:
            _refused(form, refused)
        else:
            flash(_("The template is saved."), "success")
            return redirect(url_for("workspaces.answer_templates"), code=303)
    status = 422 if request.method == "POST" else 200
    return render_template("workspaces/answer_template_form.html", form=form, template=None), status


@bp.route("/schranka/sablony/<int:template_id>/upravit", methods=["GET", "POST"], endpoint="edit_answer_template")
@limiter.limit(_write_limit, methods=["POST"])
def edit_answer_template(template_id: int):
    """Change a template's name and text."""
    if (login := _require_login()) is not None:
        return login
    template = _load_template(template_id)
    form = AnswerTemplateForm(obj=template if request.method == "GET" else None)
    del form.municipality  # a template stays with its municipality
    if form.validate_on_submit():
        try:
            templates.update(current_user, template, form.title.data, form.body.data)
        except templates.TemplateRefused as refused:
            _refused(form, refused)
        else:
            flash(_("The template is saved."), "success")
            return redirect(url_for("workspaces.answer_templates"), code=303)
    status = 422 if request.method == "POST" else 200
    return render_template("workspaces/answer_template_form.html", form=form, template=template), status


@bp.route("/schranka/sablony/<int:template_id>/smazat", methods=["GET", "POST"],
          endpoint="delete_answer_template")
@limiter.limit(_write_limit, methods=["POST"])
def delete_answer_template(template_id: int):
    """Ask, then delete a template (answers already given keep their text)."""
    if (login := _require_login()) is not None:
        return login
    template = _load_template(template_id)
    form = DeleteForm()
    if form.validate_on_submit():
        templates.delete(current_user, template)
        flash(_("The template is deleted."), "success")
        return redirect(url_for("workspaces.answer_templates"), code=303)
    status = 422 if request.method == "POST" else 200
    return render_template("workspaces/answer_template_delete.html", form=form, template=template), status


@bp.get("/schranka/sablony/pouzit/<int:proposal_id>", endpoint="use_answer_template")
def use_answer_template(proposal_id: int):
    """The official answer form filled with a template's text (htmx: only the text box)."""
    if (login := _require_login()) is not None:
        return login
    proposal = page_queries.load_proposal(proposal_id)
    if proposal is None or proposal.status == ProposalStatus.DRAFT:
        abort(404)
    moderate_url = url_for("proposals.moderate", proposal_id=proposal.id)
    template_id = read_int((request.args.get("sablona") or "").strip()[:12])[0]
    if template_id is None:
        return redirect(moderate_url, code=303)
    template = db.session.get(AnswerTemplate, template_id)
    if template is None:
        abort(404)
    if not rules.can_use_answer_template(current_user, template, proposal):
        abort(403)
    form = AnswerForm(prefix="answer", formdata=None,
                      data={"body": template.body, "on_behalf": f"m:{template.municipality_id}"})
    form.on_behalf.choices = [(f"m:{template.municipality_id}", template.municipality.name)]
    if htmx and not htmx.history_restore_request:
        response = make_response(render_template("workspaces/_answer_body.html", form=form))
    else:
        response = make_response(render_template(
            "workspaces/answer_from_template.html", form=form, proposal=proposal, template=template,
            moderate_url=moderate_url))
    response.headers["Vary"] = "HX-Request"
    return response
