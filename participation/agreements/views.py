"""Agreements: public list and page, editing, documents, tying proposals."""

from flask import Blueprint, abort, current_app, flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from participation import permissions
from participation.agreements import services
from participation.agreements.forms import (
    KIND_LABELS,
    STATUS_LABELS,
    AgreementForm,
    DocumentForm,
    TieForm,
    UntieForm,
)
from participation.agreements.models import (
    Agreement,
    AgreementDocument,
    AgreementKind,
    AgreementProposal,
    AgreementStatus,
)
from participation.common import storage
from participation.common.htmx import redirect_to, render_page_or_fragment
from participation.common.pagination import page_from_request, paginate
from participation.extensions import db, limiter
from participation.proposals.models import Proposal
from participation.territory import services as territory_services
from participation.territory.models import Grouping, Municipality

bp = Blueprint("agreements", __name__, url_prefix="/agreements")
write_limit = limiter.limit(lambda: current_app.config["RATELIMIT_WRITE"], methods=["POST"])


# ----- helpers shared with templates -----

def proposal_url(proposal) -> str | None:
    """The proposal's page, whatever the proposals blueprint names its argument."""
    for rule in current_app.url_map.iter_rules("proposals.detail") if "proposals.detail" in current_app.view_functions else []:
        arguments = list(rule.arguments)
        if len(arguments) == 1:
            return url_for("proposals.detail", **{arguments[0]: proposal.id})
    return None


@bp.app_template_global()
def agreements_of_municipality(municipality):
    return services.of_municipality(municipality.id)


@bp.app_template_global()
def agreements_of_grouping(grouping):
    return services.of_grouping(grouping.id)


@bp.app_template_global()
def agreement_links_of_proposal(proposal):
    return services.links_of_proposal(proposal.id)


@bp.record_once
def _register_template_globals(state) -> None:
    state.app.jinja_env.globals.update(
        agreement_kind_labels=KIND_LABELS, agreement_status_labels=STATUS_LABELS, proposal_url=proposal_url,
    )


def _int_arg(name: str) -> int | None:
    value = request.args.get(name, "")
    return int(value) if value.isdigit() and len(value) < 10 else None


def _enum_arg(name: str, enum_class):
    value = request.args.get(name, "")
    return enum_class(value) if value in {m.value for m in enum_class} else None


def _get_agreement(agreement_id: int, *, edit: bool = False) -> Agreement:
    """Load an agreement (404), check who may see or edit it (404 for hidden drafts, 403)."""
    agreement = services.load_agreement(agreement_id)
    if agreement is None or not permissions.agreements.can_view_agreement(current_user, agreement):
        abort(404)
    if edit and not permissions.agreements.can_edit_agreement(current_user, agreement):
        abort(403)
    return agreement


def _get_proposal(proposal_id: int) -> Proposal:
    proposal = db.session.scalars(
        select(Proposal).where(Proposal.id == proposal_id).options(selectinload(Proposal.municipalities))
    ).first()
    if proposal is None:
        abort(404)
    if not permissions.agreements.can_tie_proposal(current_user, proposal):
        abort(403)
    return proposal


# ----- public pages -----

@bp.get("", endpoint="list")
def index():
    """Agreements, filtered by municipality, grouping, kind and status."""
    filters = {
        "municipality_id": _int_arg("municipality"),
        "grouping_id": _int_arg("grouping"),
        "kind": _enum_arg("kind", AgreementKind),
        "status": _enum_arg("status", AgreementStatus),
        "q": request.args.get("q", "")[:100].strip() or None,
    }
    statement = services.list_statement(current_user, **filters)
    page = paginate(statement, page_from_request(), current_app.config["PER_PAGE"])
    municipalities, groupings = territory_services.filter_choices()
    return render_page_or_fragment(
        "agreements/list.html", "agreements/_results.html",
        results_page=page, filters=filters, municipalities=municipalities, groupings=groupings,
    )


@bp.get("/<int:agreement_id>")
def detail(agreement_id: int):
    """An agreement: parties, dates, documents, tied proposals, projects, history."""
    agreement = _get_agreement(agreement_id)
    can_edit = permissions.agreements.can_edit_agreement(current_user, agreement)
    projects = _projects_of(agreement)
    return render_template(
        "agreements/detail.html", agreement=agreement, can_edit=can_edit, projects=projects,
        history=services.history(agreement), document_form=DocumentForm() if can_edit else None,
    )


def _projects_of(agreement):
    try:
        from participation.projects import queries as project_queries
    except ImportError:  # projects land after agreements
        return []
    return project_queries.of_agreement(agreement.id)


@bp.get("/<int:agreement_id>/documents/<int:document_id>")
def document(agreement_id: int, document_id: int):
    """Download a stored PDF, with a safe Content-Disposition."""
    agreement = _get_agreement(agreement_id)
    document = db.session.get(AgreementDocument, document_id)
    if document is None or document.agreement_id != agreement.id or not document.is_file:
        abort(404)
    return storage.serve(document.storage_key, document.content_type, document.file_name or "document.pdf")


# ----- editing -----

def _data_from(form: AgreementForm) -> services.AgreementData:
    municipalities = db.session.scalars(
        select(Municipality).where(Municipality.id.in_(form.municipalities.data or []))).all()
    groupings = db.session.scalars(select(Grouping).where(Grouping.id.in_(form.groupings.data or []))).all()
    return services.AgreementData(
        title=form.title.data, kind=AgreementKind(form.kind.data), status=AgreementStatus(form.status.data),
        summary=form.summary.data or "", signed_on=form.signed_on.data, effective_on=form.effective_on.data,
        ends_on=form.ends_on.data, municipalities=municipalities, groupings=groupings,
    )


def _validate(form: AgreementForm, agreement=None):
    """Form rules, then the service's date and party rules as errors next to the fields."""
    if not form.validate_on_submit():
        return None
    data = _data_from(form)
    date_errors = services.check_dates(data.signed_on, data.effective_on, data.ends_on, data.status)
    for name, message in date_errors.items():
        form[name].errors = [*form[name].errors, message]
    party_error = services.check_parties(current_user, data.municipalities, data.groupings, agreement)
    if party_error:
        form.municipalities.errors = [*form.municipalities.errors, party_error]
    if date_errors or party_error:
        return None
    return data


@bp.route("/new", methods=["GET", "POST"])
@login_required
@write_limit
def create():
    """Record a new agreement."""
    if not permissions.agreements.can_create_agreement(current_user):
        abort(403)
    form = AgreementForm()
    form.set_choices(current_user)
    data = _validate(form)
    if data is not None:
        try:
            agreement = services.create_agreement(current_user, data)
        except services.Refused as refused:
            form.municipalities.errors = [refused.message]
        else:
            flash(_("The agreement was saved."), "success")
            return redirect_to("agreements.detail", agreement_id=agreement.id)
    return render_template("agreements/form.html", form=form, agreement=None), 422 if form.errors else 200


@bp.route("/<int:agreement_id>/edit", methods=["GET", "POST"])
@login_required
@write_limit
def edit(agreement_id: int):
    """Change an agreement's details, status, dates or parties."""
    agreement = _get_agreement(agreement_id, edit=True)
    form = AgreementForm(obj=agreement) if request.method == "GET" else AgreementForm()
    if request.method == "GET":
        form.kind.data = agreement.kind.value
        form.status.data = agreement.status.value
        form.municipalities.data = [m.id for m in agreement.municipalities]
        form.groupings.data = [g.id for g in agreement.groupings]
    form.set_choices(current_user, agreement)
    data = _validate(form, agreement)
    if data is not None:
        try:
            services.update_agreement(current_user, agreement, data)
        except services.Refused as refused:
            form.municipalities.errors = [refused.message]
        else:
            flash(_("The agreement was saved."), "success")
            return redirect_to("agreements.detail", agreement_id=agreement.id)
    return render_template("agreements/form.html", form=form, agreement=agreement), 422 if form.errors else 200


@bp.post("/<int:agreement_id>/documents")
@login_required
@write_limit
def add_document(agreement_id: int):
    """Attach a PDF or a link."""
    agreement = _get_agreement(agreement_id, edit=True)
    form = DocumentForm()
    if form.validate_on_submit():
        upload = form.file.data if form.file.data and form.file.data.filename else None
        try:
            services.add_document(current_user, agreement, form.title.data, upload=upload, url=form.url.data or None)
        except storage.UploadRefused as refused:
            form.file.errors = [refused.message]
        else:
            flash(_("The document was added."), "success")
            return redirect_to("agreements.detail", agreement_id=agreement.id, _anchor="documents")
    return render_template(
        "agreements/detail.html", agreement=agreement, can_edit=True, projects=_projects_of(agreement),
        history=services.history(agreement), document_form=form,
    ), 422


@bp.post("/<int:agreement_id>/documents/<int:document_id>/delete")
@login_required
@write_limit
def remove_document(agreement_id: int, document_id: int):
    """Remove a document."""
    agreement = _get_agreement(agreement_id, edit=True)
    document = db.session.get(AgreementDocument, document_id)
    if document is None or document.agreement_id != agreement.id:
        abort(404)
    services.remove_document(current_user, agreement, document)
    flash(_("The document was removed."), "success")
    return redirect_to("agreements.detail", agreement_id=agreement.id, _anchor="documents")


# ----- tying proposals -----

@bp.get("/search")
def search():
    """Agreements matching a title, as radio options for the tie form (htmx) or a page."""
    q = request.args.get("q", "")[:100]
    results = services.search_for_tying(current_user, q)
    return render_page_or_fragment("agreements/search.html", "agreements/_search_options.html",
                                   results=results, q=q, selected=None)


@bp.route("/tie/<int:proposal_id>", methods=["GET", "POST"])
@login_required
@write_limit
def tie(proposal_id: int):
    """Tie a proposal to an agreement: search (works without JavaScript), pick, say why."""
    proposal = _get_proposal(proposal_id)
    form = TieForm()
    q = request.args.get("q", "")[:100]
    results = services.search_for_tying(current_user, q)
    selected = form.agreement_id.data if request.method == "POST" else None
    if selected and selected not in {a.id for a in results}:
        chosen = db.session.get(Agreement, selected)
        if chosen is not None and not chosen.is_draft:
            results.insert(0, chosen)
    form.agreement_id.choices = [(a.id, a.title) for a in results]
    if form.validate_on_submit():
        agreement = db.session.get(Agreement, form.agreement_id.data)
        if agreement is None or not permissions.agreements.can_view_agreement(current_user, agreement):
            form.agreement_id.errors = [_("Choose an agreement from the list.")]
        else:
            try:
                services.tie_proposal(current_user, agreement, proposal, form.note.data)
            except services.Refused as refused:
                form.agreement_id.errors = [refused.message]
            else:
                flash(_("The proposal was tied to the agreement."), "success")
                return redirect_to("agreements.detail", agreement_id=agreement.id, _anchor="proposals")
    status = 422 if request.method == "POST" else 200
    return render_template("agreements/tie.html", form=form, proposal=proposal, results=results,
                           q=q, selected=selected), status


@bp.route("/<int:agreement_id>/proposals/<int:proposal_id>/untie", methods=["GET", "POST"])
@login_required
@write_limit
def untie(agreement_id: int, proposal_id: int):
    """Untie a proposal from an agreement, with a reason."""
    agreement = _get_agreement(agreement_id)
    proposal = _get_proposal(proposal_id)
    link = db.session.scalars(select(AgreementProposal).where(
        AgreementProposal.agreement_id == agreement.id, AgreementProposal.proposal_id == proposal.id)).first()
    if link is None:
        abort(404)
    form = UntieForm()
    if form.validate_on_submit():
        services.untie_proposal(current_user, link, form.reason.data)
        flash(_("The proposal was untied from the agreement."), "success")
        return redirect_to("agreements.detail", agreement_id=agreement.id, _anchor="proposals")
    status = 422 if request.method == "POST" else 200
    return render_template("agreements/untie.html", form=form, agreement=agreement, proposal=proposal), status

