"""Linking proposals to the projects that answer them, and marking them solved."""

from flask import abort, flash, render_template, request
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from participation import permissions
from participation.agreements.services import Refused
from participation.common.htmx import redirect_to, render_page_or_fragment
from participation.extensions import db
from participation.projects import queries, services
from participation.projects.forms import LinkForm, ReasonForm
from participation.projects.models import Project, ProjectProposal
from participation.projects.views import _get_project, bp, write_limit
from participation.proposals.models import Proposal


def _get_proposal(proposal_id: int) -> Proposal:
    proposal = db.session.scalars(
        select(Proposal).where(Proposal.id == proposal_id).options(selectinload(Proposal.municipalities))
    ).first()
    if proposal is None:
        abort(404)
    if not permissions.projects.can_link_proposal(current_user, proposal):
        abort(403)
    return proposal


def _get_link(project: Project, proposal: Proposal) -> ProjectProposal:
    link = db.session.scalars(select(ProjectProposal).where(
        ProjectProposal.project_id == project.id, ProjectProposal.proposal_id == proposal.id)).first()
    if link is None:
        abort(404)
    return link



@bp.get("/search")
def search():
    """Projects matching a title, as radio options for the link form (htmx) or a page."""
    q = request.args.get("q", "")[:100]
    return render_page_or_fragment("projects/search.html", "projects/_search_options.html",
                                   results=queries.search(q), q=q, selected=None)


@bp.route("/link/<int:proposal_id>", methods=["GET", "POST"])
@login_required
@write_limit
def link(proposal_id: int):
    """Link a proposal to the project that answers it (works without JavaScript)."""
    proposal = _get_proposal(proposal_id)
    form = LinkForm()
    q = request.args.get("q", "")[:100]
    results = queries.search(q)
    selected = form.project_id.data if request.method == "POST" else None
    if selected and selected not in {p.id for p in results}:
        chosen = db.session.get(Project, selected)
        if chosen is not None:
            results.insert(0, chosen)
    if form.validate_on_submit():
        project = db.session.get(Project, form.project_id.data)
        if project is None:
            form.project_id.errors = [_("Choose a project from the list.")]
        else:
            try:
                services.link_proposal(current_user, project, proposal, form.note.data)
            except Refused as refused:
                form.project_id.errors = [refused.message]
            else:
                flash(_("The proposal was linked to the project."), "success")
                return redirect_to("projects.detail", project_id=project.id, _anchor="proposals")
    status = 422 if request.method == "POST" else 200
    return render_template("projects/link.html", form=form, proposal=proposal, results=results,
                           q=q, selected=selected), status


@bp.route("/<int:project_id>/proposals/<int:proposal_id>/unlink", methods=["GET", "POST"])
@login_required
@write_limit
def unlink(project_id: int, proposal_id: int):
    """Unlink a proposal from a project, with a reason."""
    project = _get_project(project_id)
    proposal = _get_proposal(proposal_id)
    link = _get_link(project, proposal)
    form = ReasonForm()
    if form.validate_on_submit():
        services.unlink_proposal(current_user, link, form.reason.data)
        flash(_("The proposal was unlinked from the project."), "success")
        return redirect_to("projects.detail", project_id=project.id, _anchor="proposals")
    status = 422 if request.method == "POST" else 200
    return render_template("projects/reason.html", form=form, project=project, proposal=proposal,
                           action="unlink"), status


@bp.route("/<int:project_id>/proposals/<int:proposal_id>/solve", methods=["GET", "POST"])
@login_required
@write_limit
def solve(project_id: int, proposal_id: int):
    """Mark a linked proposal solved (asked of its moderators once the project is done)."""
    project = _get_project(project_id)
    proposal = _get_proposal(proposal_id)
    link = _get_link(project, proposal)
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
    return render_template("projects/reason.html", form=form, project=project, proposal=proposal,
                           action="solve"), status
