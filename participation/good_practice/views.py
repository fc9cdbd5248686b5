"""Good practice: the public list and page, writing up, publishing."""

from flask import Blueprint, abort, current_app, flash, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from participation import permissions
from participation.agreements.models import Agreement
from participation.agreements.queries import links_of_proposal as agreement_links_of
from participation.chain.filters import read_filters, read_id
from participation.chain.views import item_or_404, saved_or_form, write_rate_limit
from participation.common.htmx import redirect_to, render_page_or_fragment
from participation.common.pagination import page_from_request, paginate
from participation.extensions import db
from participation.good_practice import queries, services
from participation.good_practice.forms import GoodPracticeForm
from participation.good_practice.models import GoodPractice
from participation.projects.models import Project, ProjectKind, ProjectProposal
from participation.proposals import queries as proposal_queries
from participation.proposals.labels import CATEGORY_LABELS
from participation.proposals.models import Category, Proposal, ProposalStatus
from participation.territory import services as territory_services
from participation.territory.models import Municipality

bp = Blueprint("good_practice", __name__, url_prefix="/dobra-praxe")
write_limit = write_rate_limit()

# The link's label in the shared footer (kept in this domain's catalogue).
NAV_LABEL = _l("Good practice")
CATEGORY_OF_PROJECT_KIND = {
    ProjectKind.FIBRE_BACKBONE: Category.BROADBAND, ProjectKind.SHARED_INFRASTRUCTURE: Category.BROADBAND,
    ProjectKind.ROADS_PATHS: Category.TRANSPORT, ProjectKind.WATER_SEWAGE: Category.WATER,
    ProjectKind.ENERGY: Category.ENERGY, ProjectKind.WASTE: Category.WASTE, ProjectKind.OTHER: Category.OTHER,
}


@bp.record_once
def _register_template_globals(state) -> None:
    state.app.jinja_env.globals.update(good_practice_nav_label=NAV_LABEL)


@bp.app_template_global()
def good_practices_of_proposal(proposal):
    return queries.published_of_proposal(proposal.id)


@bp.app_template_global()
def good_practices_of_project(project):
    return queries.published_of_project(project.id)


def _get_practice(practice_id: int, *, edit: bool = False) -> GoodPractice:
    """Load a write-up (404, also for drafts the user may not see), check editing (403)."""
    return item_or_404(queries.load(practice_id), permissions.good_practice.can_view,
                       permissions.good_practice.can_edit, edit=edit)


# ----- public pages -----

@bp.get("", endpoint="list")
def index():
    """Good practice, filtered by category, municipality, grouping and text."""
    filters = read_filters(request.args, category=Category)
    page = paginate(queries.list_statement(current_user, filters), page_from_request(),
                    current_app.config["PER_PAGE"])
    municipalities, groupings = territory_services.filter_choices()
    return render_page_or_fragment(
        "good_practice/list.html", "good_practice/_results.html", results_page=page,
        filters=filters.as_context(),
        municipalities=municipalities, groupings=groupings, category_labels=CATEGORY_LABELS,
    )


@bp.get("/<int:practice_id>")
def detail(practice_id: int):
    """A write-up: the text, the chain with its dates, municipalities, contact."""
    practice = _get_practice(practice_id)
    proposal_ids = [p.id for p in practice.proposals]
    return render_template(
        "good_practice/detail.html", practice=practice, category_labels=CATEGORY_LABELS,
        supports=proposal_queries.supporters_by_municipality(proposal_ids)[0],
        solved_on=queries.solved_dates(proposal_ids),
        can_edit=permissions.good_practice.can_edit(current_user, practice),
    )


# ----- writing -----

def _load_all(model, ids, *options):
    ids = [i for i in ids or [] if isinstance(i, int)]
    if not ids:
        return []
    return list(db.session.scalars(select(model).where(model.id.in_(ids)).options(*options)))


def _data_from(form: GoodPracticeForm) -> services.PracticeData:
    proposals = _load_all(Proposal, form.proposals.data, selectinload(Proposal.municipalities))
    project = db.session.get(Project, form.project_id.data) if form.project_id.data else None
    agreement = db.session.get(Agreement, form.agreement_id.data) if form.agreement_id.data else None
    return services.PracticeData(
        title=form.title.data or "", summary=form.summary.data or "", body=form.body.data or "",
        category=Category(form.category.data), contact=form.contact.data or "", proposals=proposals,
        project=project, agreement=agreement, municipalities=_load_all(Municipality, form.municipalities.data),
    )


def _save(form: GoodPracticeForm, practice: GoodPractice | None):
    """Validate the form and the service's rules; errors go next to their fields. The saved write-up or None."""
    if not form.validate_on_submit():
        return None
    data = _data_from(form)
    try:
        if practice is None:
            return services.create(current_user, data)
        services.update(current_user, practice, data)
        return practice
    except services.Invalid as invalid:
        for name, message in invalid.errors.items():
            form[name].errors = [*form[name].errors, message]
        return None


def _prefill(form: GoodPracticeForm) -> None:
    """Start from a solved proposal (?proposal=) or a finished project (?project=) the user writes for."""
    proposal_id, _bad = read_id(request.args, "proposal")
    project_id, _bad = read_id(request.args, "project")
    if proposal_id:
        proposal = db.session.get(Proposal, proposal_id)
        if (proposal is None or proposal.status != ProposalStatus.SOLVED
                or not permissions.good_practice.can_write_about_proposal(current_user, proposal)):
            return
        form.title.data, form.category.data = proposal.title, proposal.category.value
        form.proposals.data = [proposal.id]
        form.municipalities.data = [m.id for m in proposal.municipalities]
        project_link = db.session.scalars(select(ProjectProposal).where(
            ProjectProposal.proposal_id == proposal.id).join(Project).where(
            Project.status.in_(services.FINISHED_PROJECT_STATUSES)).limit(1)).first()
        if project_link is not None:
            form.project_id.data = project_link.project_id
        agreement_links = agreement_links_of(proposal.id)
        if agreement_links:
            form.agreement_id.data = agreement_links[0].agreement_id
    elif project_id:
        project = db.session.get(Project, project_id)
        if (project is None or project.status not in services.FINISHED_PROJECT_STATUSES
                or not permissions.good_practice.can_write_about_project(current_user, project)):
            return
        form.title.data = project.title
        form.category.data = CATEGORY_OF_PROJECT_KIND.get(project.kind, Category.OTHER).value
        form.project_id.data = project.id
        form.agreement_id.data = project.agreement_id or 0
        form.municipalities.data = [m.id for m in project.municipalities]
        form.proposals.data = [link.proposal_id for link in project.proposal_links
                               if link.proposal.status == ProposalStatus.SOLVED]


@bp.route("/nova", methods=["GET", "POST"])
@login_required
@write_limit
def create():
    """Write up a solved problem as a draft."""
    if not permissions.good_practice.can_create(current_user):
        abort(403)
    form = GoodPracticeForm()
    if request.method == "GET":
        _prefill(form)
    form.set_choices(current_user)
    return saved_or_form(_save(form, None), _("The write-up was saved as a draft. Publish it when it is ready."),
                         "good_practice.detail", "practice_id", "good_practice/form.html", form, practice=None)


@bp.route("/<int:practice_id>/upravit", methods=["GET", "POST"])
@login_required
@write_limit
def edit(practice_id: int):
    """Change a write-up."""
    practice = _get_practice(practice_id, edit=True)
    form = GoodPracticeForm(obj=practice) if request.method == "GET" else GoodPracticeForm()
    if request.method == "GET":
        form.category.data = practice.category.value
        form.proposals.data = [p.id for p in practice.proposals]
        form.municipalities.data = [m.id for m in practice.municipalities]
        form.project_id.data = practice.project_id or 0
        form.agreement_id.data = practice.agreement_id or 0
    form.set_choices(current_user)
    return saved_or_form(_save(form, practice), _("The write-up was saved."), "good_practice.detail", "practice_id",
                         "good_practice/form.html", form, practice=practice)


@bp.post("/<int:practice_id>/zverejnit")
@login_required
@write_limit
def publish(practice_id: int):
    """Publish a draft: it appears in the list and on its proposals and project."""
    practice = _get_practice(practice_id)
    if not permissions.good_practice.can_publish(current_user, practice):
        abort(403)
    if services.publish(current_user, practice):
        flash(_("The write-up is published."), "success")
    return redirect_to("good_practice.detail", practice_id=practice.id)


@bp.post("/<int:practice_id>/zrusit-zverejneni")
@login_required
@write_limit
def unpublish(practice_id: int):
    """Take a write-up back to draft."""
    practice = _get_practice(practice_id)
    if not permissions.good_practice.can_publish(current_user, practice):
        abort(403)
    if services.unpublish(current_user, practice, request.form.get("reason", "")[:500]):
        flash(_("The write-up is a draft again: only its writers can see it."), "success")
    return redirect_to("good_practice.detail", practice_id=practice.id)
