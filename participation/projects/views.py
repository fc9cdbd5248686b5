"""Projects: public list and page, editing, funding, milestones, timeline, linked proposals."""

from datetime import date

from flask import Blueprint, abort, current_app, flash, render_template, request
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import select

from participation import permissions
from participation.agreements.models import Agreement
from participation.chain.errors import Refused
from participation.chain.filters import read_filters
from participation.chain.views import (
    LinkPages,
    child_or_404,
    item_or_404,
    proposal_or_404,
    save_item,
    saved_or_form,
    write_rate_limit,
)
from participation.common import page_cache, storage
from participation.common.confirm import confirmable
from participation.common.htmx import redirect_to, render_page_or_fragment
from participation.common.lazy import Lazy
from participation.common.pagination import page_from_request, paginate
from participation.extensions import db
from participation.projects import queries, services
from participation.projects.forms import (
    KIND_LABELS,
    STATUS_LABELS,
    LinkForm,
    MilestoneForm,
    ProjectForm,
    ReasonForm,
    UpdateForm,
)
from participation.projects.models import (
    Milestone,
    ProgressMode,
    Project,
    ProjectKind,
    ProjectStatus,
    ProjectUpdate,
)
from participation.territory import geo
from participation.territory import services as territory_services
from participation.territory.models import Municipality

bp = Blueprint("projects", __name__, url_prefix="/projekty")
write_limit = write_rate_limit()
TIMELINE_PER_PAGE = 20


@bp.record_once
def _register_template_globals(state) -> None:
    state.app.jinja_env.globals.update(
        project_kind_labels=KIND_LABELS, project_status_labels=STATUS_LABELS,
        projects_of_municipality=lambda municipality: queries.of_municipality(municipality.id),
        projects_of_grouping=lambda grouping: queries.of_grouping(grouping.id),
        project_links_of_proposal=lambda proposal: queries.links_of_proposal(proposal.id),
        projects_of_agreement=lambda agreement: queries.of_agreement(agreement.id),
        project_route_points=lambda project: geo.route_points(project.route),
        # The day milestones are overdue against (Milestone.is_overdue): a key of the page's shared facts.
        today_iso=lambda: date.today().isoformat(),
    )
    state.app.jinja_env.filters["czk"] = format_czk


def format_czk(value) -> str:
    """An amount in crowns, whole crowns without decimals: "1 500 000 Kč", "1 500 000,50 Kč"."""
    if value is None:
        return ""
    pattern = "#,##0" if value == int(value) else "#,##0.00"
    return format_decimal(value, pattern) + "\xa0Kč"


def _get_project(project_id: int, *, edit: bool = False) -> Project:
    # The page shows milestones, funding and the agreement in a shared fragment that reads them itself.
    return item_or_404(queries.load_project(project_id, with_details=edit), None,
                       permissions.projects.can_edit_project, edit=edit)


# ----- public pages -----

@bp.get("", endpoint="list")
def index():
    """Projects, filtered by municipality, grouping, kind and status."""
    filters = read_filters(request.args, kind=ProjectKind, status=ProjectStatus)
    page = paginate(queries.list_statement(filters), page_from_request(), current_app.config["PER_PAGE"])
    municipalities, groupings = territory_services.filter_choices()
    return render_page_or_fragment("projects/list.html", "projects/_results.html", results_page=page,
                                   filters=filters.as_context(), municipalities=municipalities, groupings=groupings)


def _render_detail(project: Project, status: int = 200, **forms):
    can_edit = permissions.projects.can_edit_project(current_user, project)
    # Read only when the timeline's shared fragment is rendered (a kept one reads nothing).
    timeline = Lazy(lambda: paginate(queries.updates_statement(project.id), page_from_request(), TIMELINE_PER_PAGE))
    if can_edit:
        forms.setdefault("update_form", UpdateForm(formdata=None))
    return render_template("projects/detail.html", project=project, can_edit=can_edit, timeline=timeline,
                           timeline_key=f"{project.id}:{page_cache.normalised_address()}", **forms), status


@bp.get("/<int:project_id>")
def detail(project_id: int):
    """A project: progress, milestones, funding, timeline, linked proposals and agreement."""
    return _render_detail(_get_project(project_id))


@bp.get("/<int:project_id>/novinky/<int:update_id>/obrazek")
def update_image(project_id: int, update_id: int):
    """A timeline picture, checked and re-encoded at upload."""
    update = child_or_404(ProjectUpdate, update_id, "project_id", project_id)
    if not update.image_key:
        abort(404)
    extension = update.image_key.rsplit(".", 1)[-1]
    return storage.serve(update.image_key, update.image_content_type, f"project-{project_id}-{update_id}.{extension}",
                         inline=True)


# ----- editing -----

def _data_from(form: ProjectForm) -> services.ProjectData:
    municipalities = db.session.scalars(
        select(Municipality).where(Municipality.id.in_(form.municipalities.data or []))).all()
    agreement = db.session.get(Agreement, form.agreement_id.data) if form.agreement_id.data else None
    return services.ProjectData(
        title=form.title.data, kind=ProjectKind(form.kind.data), status=ProjectStatus(form.status.data),
        description=form.description.data or "", agreement=agreement, budget=form.budget.data,
        funding=form.funding_rows(), progress_mode=ProgressMode(form.progress_mode.data),
        manual_progress=form.manual_progress.data, place_name=form.place_name.data or "",
        latitude=float(form.latitude.data) if form.latitude.data is not None else None,
        longitude=float(form.longitude.data) if form.longitude.data is not None else None,
        municipalities=municipalities, route=form.route.data,
    )


def _validate(form: ProjectForm, project=None):
    """Form rules, then scope and funding rules as errors next to their fields."""
    if not form.validate_on_submit():
        return None
    data = _data_from(form)
    ok = True
    message = services.check_municipalities(current_user, data.municipalities, project)
    if message:
        form.municipalities.errors = [*form.municipalities.errors, message]
        ok = False
    if data.agreement is not None and data.agreement.is_draft:
        form.agreement_id.errors = [_("Choose an agreement that is not a draft.")]
        ok = False
    warning = services.funding_warning(data.budget, data.funding)
    if warning and not form.confirm_funding.data:
        form.confirm_funding.errors = [warning]
        ok = False
    if data.progress_mode == ProgressMode.MANUAL and data.manual_progress is None:
        form.manual_progress.errors = [_("Enter the progress in percent, or let milestones count it.")]
        ok = False
    return data if ok else None


def _save(form: ProjectForm, project: Project | None):
    """Validate and save; the project, or None with the errors next to the fields."""
    return save_item(form, project, _validate(form, project), services.create_project, services.update_project)


def _saved_or_form(form, project):
    saved = _save(form, project)
    warning = services.funding_warning(form.budget.data, form.funding_rows()) if request.method == "POST" else None
    return saved_or_form(saved, _("The project was saved."), "projects.detail", "project_id", "projects/form.html",
                         form, project=project, funding_warning=warning)


@bp.route("/novy", methods=["GET", "POST"])
@login_required
@write_limit
def create():
    """Record a new project."""
    if not permissions.projects.can_create_project(current_user):
        abort(403)
    form = ProjectForm()
    form.set_choices(current_user)
    return _saved_or_form(form, None)


@bp.route("/<int:project_id>/upravit", methods=["GET", "POST"])
@login_required
@write_limit
def edit(project_id: int):
    """Change a project: details, status, funding, progress."""
    project = _get_project(project_id, edit=True)
    if request.method == "GET":
        form = ProjectForm(formdata=None, obj=project)
        # The object's own attributes would win over `data=` (WTForms reads obj first): its
        # municipalities are rows, not the ids the select holds, so set these after loading.
        form.municipalities.data = [m.id for m in project.municipalities]
        form.agreement_id.data = project.agreement_id or 0
        form.kind.data, form.status.data = project.kind.value, project.status.value
        form.progress_mode.data = project.progress_mode.value
        form.funding.process(None, [{"name": f.name, "amount": f.amount} for f in project.funding_sources])
    else:
        form = ProjectForm()
    form.set_choices(current_user, project)
    return _saved_or_form(form, project)


# ----- milestones -----

@bp.route("/<int:project_id>/milniky", methods=["GET", "POST"])
@login_required
@write_limit
def milestones(project_id: int):
    """List, add and change milestones."""
    project = _get_project(project_id, edit=True)
    form = MilestoneForm()
    if _saved_milestone(form, project, None):
        flash(_("The milestone was saved."), "success")
        return redirect_to("projects.milestones", project_id=project.id)
    return _milestones_page(project, form, {}, 422 if request.method == "POST" else 200)


def _saved_milestone(form: MilestoneForm, project: Project, milestone: Milestone | None) -> bool:
    """Validate the form and the date rule (errors next to the fields), then save; True once saved."""
    if not form.validate_on_submit():
        return False
    errors = services.check_milestone_dates(form.planned_on.data, form.done_on.data)
    for name, message in errors.items():
        form[name].errors = [message]
    if errors:
        return False
    services.save_milestone(current_user, project, milestone, form.title.data, form.planned_on.data,
                            form.done_on.data)
    return True


def _milestones_page(project: Project, form: MilestoneForm, edit_forms: dict, status: int):
    """The milestones page: the new-milestone form and one form per milestone (failed ones keep their input)."""
    forms = {m.id: MilestoneForm(formdata=None, obj=m, prefix=f"m{m.id}") for m in project.milestones}
    forms.update(edit_forms)
    return render_template("projects/milestones.html", project=project, form=form, edit_forms=forms), status


@bp.post("/<int:project_id>/milniky/<int:milestone_id>")
@login_required
@write_limit
def change_milestone(project_id: int, milestone_id: int):
    """Change one milestone (its dates, or mark it reached)."""
    project = _get_project(project_id, edit=True)
    milestone = child_or_404(Milestone, milestone_id, "project_id", project.id)
    edit_form = MilestoneForm(prefix=f"m{milestone.id}")
    if _saved_milestone(edit_form, project, milestone):
        flash(_("The milestone was saved."), "success")
        return redirect_to("projects.milestones", project_id=project.id)
    return _milestones_page(project, MilestoneForm(formdata=None), {milestone.id: edit_form}, 422)


@bp.post("/<int:project_id>/milniky/<int:milestone_id>/smazat")
@login_required
@write_limit
def delete_milestone(project_id: int, milestone_id: int):
    """Remove a milestone."""
    project = _get_project(project_id, edit=True)
    milestone = child_or_404(Milestone, milestone_id, "project_id", project.id)
    services.delete_milestone(current_user, project, milestone)
    flash(_("The milestone was removed."), "success")
    return redirect_to("projects.milestones", project_id=project.id)


# ----- updates -----

@bp.post("/<int:project_id>/novinky")
@login_required
@write_limit
def post_update(project_id: int):
    """Post a dated update, with an optional picture, to the timeline."""
    project = _get_project(project_id, edit=True)
    form = UpdateForm()
    if form.validate_on_submit():
        image = form.image.data if form.image.data and form.image.data.filename else None
        if form.posted_on.data and form.posted_on.data > date.today():
            form.posted_on.errors = [_("An update cannot be dated in the future.")]
        else:
            try:
                services.post_update(current_user, project, form.body.data, form.posted_on.data,
                                     image=image, image_description=form.image_description.data)
            except storage.UploadRefused as refused:
                form.image.errors = [refused.message]
            else:
                flash(_("The update was posted."), "success")
                return redirect_to("projects.detail", project_id=project.id, _anchor="timeline")
    return _render_detail(project, 422, update_form=form)


@bp.post("/<int:project_id>/novinky/<int:update_id>/smazat")
@login_required
@write_limit
def delete_update(project_id: int, update_id: int):
    """Remove an update from the timeline."""
    project = _get_project(project_id, edit=True)
    update = child_or_404(ProjectUpdate, update_id, "project_id", project.id)
    services.delete_update(current_user, project, update)
    flash(_("The update was removed."), "success")
    return redirect_to("projects.detail", project_id=project.id, _anchor="timeline")


# ----- linked proposals: the shared link pages, configured for projects -----

LinkPages(
    linking=services.LINKS, detail_endpoint="projects.detail", load_item=_get_project,
    may_link=permissions.projects.can_link_proposal, search=queries.search,
    may_choose=lambda user, project: True, link_form=LinkForm, unlink_form=ReasonForm,
    status_labels=STATUS_LABELS, texts={
        "search_title": _l("Find a project"),
        "search_label": _l("Find a project by its title"),
        "no_match": _l("No project matches. Try another word from its title."),
        "link_title": _l("Link a proposal to a project"),
        "link_intro": _l("Linking moves the proposal to “in progress”. When the project is done, its moderators "
                         "are asked to mark it solved."),
        "legend": _l("Project"),
        "link_submit": _l("Link to the project"),
        "choose_from_list": _l("Choose a project from the list."),
        "linked": _l("The proposal was linked to the project."),
        "unlink_title": _l("Unlink a proposal"),
        "unlink_intro": _l("Proposal “%(proposal)s” will no longer be linked to “%(project)s”."),
        "unlink_submit": _l("Unlink"),
        "unlinked": _l("The proposal was unlinked from the project."),
    },
).register(bp, link_rule="/propojit/<int:proposal_id>", link_endpoint="link",
           unlink_rule="/<int:project_id>/podnety/<int:proposal_id>/odpojit", unlink_endpoint="unlink")


@bp.route("/<int:project_id>/podnety/<int:proposal_id>/vyresit", methods=["GET", "POST"])
@login_required
@write_limit
def solve(project_id: int, proposal_id: int):
    """Mark a linked proposal solved (asked of its moderators once the project is done)."""
    project = _get_project(project_id)
    proposal = proposal_or_404(proposal_id, permissions.projects.can_link_proposal)
    link = services.LINKS.find(project.id, proposal.id)
    if link is None:
        abort(404)
    form = ReasonForm()
    if form.validate_on_submit():
        try:
            services.mark_solved(current_user, link, form.reason.data)
        except Refused as refused:
            form.reason.errors = [refused.message]
        else:
            flash(_("The proposal was marked solved."), "success")
            return redirect_to("projects.detail", project_id=project.id, _anchor="proposals")
    status = 422 if request.method == "POST" else 200
    return render_template("projects/solve.html", form=form, project=project, proposal=proposal), status


# Destructive actions ask first (participation/common/confirm.py).
confirmable("projects.delete_milestone", _l("Delete this milestone?"), _l("Yes, delete"))
confirmable("projects.delete_update", _l("Delete this update?"), _l("Yes, delete"))
