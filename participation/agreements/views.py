"""Agreements: public list and page, editing, documents, tying proposals."""

from flask import Blueprint, abort, current_app, flash, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import select

from participation import permissions
from participation.agreements import queries, services
from participation.agreements.forms import (
    KIND_LABELS,
    STATUS_LABELS,
    AgreementForm,
    DocumentForm,
    TieForm,
    UntieForm,
)
from participation.agreements.models import Agreement, AgreementDocument, AgreementKind, AgreementStatus
from participation.chain import changes
from participation.chain.filters import read_filters
from participation.chain.views import (
    LinkPages,
    child_or_404,
    item_or_404,
    save_item,
    saved_or_form,
    write_rate_limit,
)
from participation.common import storage
from participation.common.confirm import confirmable
from participation.common.htmx import redirect_to, render_page_or_fragment
from participation.common.pagination import page_from_request, paginate
from participation.extensions import db
from participation.territory import services as territory_services
from participation.territory.models import Grouping, Municipality

bp = Blueprint("agreements", __name__, url_prefix="/dohody")
write_limit = write_rate_limit()


@bp.record_once
def _register_template_globals(state) -> None:
    state.app.jinja_env.globals.update(
        agreement_kind_labels=KIND_LABELS, agreement_status_labels=STATUS_LABELS,
        agreements_of_municipality=lambda municipality: queries.of_municipality(municipality.id),
        agreements_of_grouping=lambda grouping: queries.of_grouping(grouping.id),
        agreement_links_of_proposal=lambda proposal: queries.links_of_proposal(proposal.id),
    )


def _get_agreement(agreement_id: int, *, edit: bool = False) -> Agreement:
    """Load an agreement (404), check who may see or edit it (404 for hidden drafts, 403)."""
    return item_or_404(queries.load_agreement(agreement_id), permissions.agreements.can_view_agreement,
                       permissions.agreements.can_edit_agreement, edit=edit)


# ----- public pages -----

@bp.get("", endpoint="list")
def index():
    """Agreements, filtered by municipality, grouping, kind and status."""
    filters = read_filters(request.args, kind=AgreementKind, status=AgreementStatus)
    page = paginate(queries.list_statement(current_user, filters), page_from_request(),
                    current_app.config["PER_PAGE"])
    municipalities, groupings = territory_services.filter_choices()
    return render_page_or_fragment(
        "agreements/list.html", "agreements/_results.html",
        results_page=page, filters=filters.as_context(), municipalities=municipalities, groupings=groupings,
    )


def _render_detail(agreement: Agreement, document_form=None, status: int = 200):
    can_edit = permissions.agreements.can_edit_agreement(current_user, agreement)
    if can_edit and document_form is None:
        document_form = DocumentForm()
    history = queries.history(agreement)
    return render_template(
        "agreements/detail.html", agreement=agreement, can_edit=can_edit,
        history=history, unnamed_proposals=changes.hidden_proposal_ids(history),
        document_form=document_form if can_edit else None,
    ), status


@bp.get("/<int:agreement_id>")
def detail(agreement_id: int):
    """An agreement: parties, dates, documents, tied proposals, projects, history."""
    return _render_detail(_get_agreement(agreement_id))


@bp.get("/<int:agreement_id>/dokumenty/<int:document_id>")
def document(agreement_id: int, document_id: int):
    """Download a stored PDF, with a safe Content-Disposition."""
    agreement = _get_agreement(agreement_id)
    document = child_or_404(AgreementDocument, document_id, "agreement_id", agreement.id)
    if not document.is_file:
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


def _save(form: AgreementForm, agreement: Agreement | None):
    """Validate and save; the agreement, or None with the errors next to the fields."""
    return save_item(form, agreement, _validate(form, agreement), services.create_agreement,
                     services.update_agreement)


@bp.route("/nova", methods=["GET", "POST"])
@login_required
@write_limit
def create():
    """Record a new agreement."""
    if not permissions.agreements.can_create_agreement(current_user):
        abort(403)
    form = AgreementForm()
    form.set_choices(current_user)
    return saved_or_form(_save(form, None), _("The agreement was saved."), "agreements.detail", "agreement_id",
                         "agreements/form.html", form, agreement=None)


@bp.route("/<int:agreement_id>/upravit", methods=["GET", "POST"])
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
    return saved_or_form(_save(form, agreement), _("The agreement was saved."), "agreements.detail", "agreement_id",
                         "agreements/form.html", form, agreement=agreement)


@bp.post("/<int:agreement_id>/dokumenty")
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
    return _render_detail(agreement, form, 422)


@bp.post("/<int:agreement_id>/dokumenty/<int:document_id>/smazat")
@login_required
@write_limit
def remove_document(agreement_id: int, document_id: int):
    """Remove a document."""
    agreement = _get_agreement(agreement_id, edit=True)
    document = child_or_404(AgreementDocument, document_id, "agreement_id", agreement.id)
    services.remove_document(current_user, agreement, document)
    flash(_("The document was removed."), "success")
    return redirect_to("agreements.detail", agreement_id=agreement.id, _anchor="documents")


# ----- tying proposals: the shared link pages, configured for agreements -----

LinkPages(
    linking=services.TIES, detail_endpoint="agreements.detail", load_item=_get_agreement,
    may_link=permissions.agreements.can_tie_proposal, search=queries.search_for_tying,
    may_choose=permissions.agreements.can_view_agreement, link_form=TieForm, unlink_form=UntieForm,
    status_labels=STATUS_LABELS, texts={
        "search_title": _l("Find an agreement"),
        "search_label": _l("Find an agreement by its title"),
        "no_match": _l("No agreement matches. Try another word from its title."),
        "link_title": _l("Tie a proposal to an agreement"),
        "link_intro": _l("Tying moves the proposal to “in cooperation” and shows the link on both pages."),
        "legend": _l("Agreement"),
        "link_submit": _l("Tie to the agreement"),
        "choose_from_list": _l("Choose an agreement from the list."),
        "linked": _l("The proposal was tied to the agreement."),
        "unlink_title": _l("Untie a proposal"),
        "unlink_intro": _l("Proposal “%(proposal)s” will no longer be tied to “%(agreement)s”."),
        "unlink_submit": _l("Untie"),
        "unlinked": _l("The proposal was untied from the agreement."),
    },
).register(bp, link_rule="/navazat/<int:proposal_id>", link_endpoint="tie",
           unlink_rule="/<int:agreement_id>/podnety/<int:proposal_id>/odvazat", unlink_endpoint="untie")


# Destructive actions ask first (participation/common/confirm.py).
confirmable("agreements.remove_document", _l("Remove this document from the agreement?"), _l("Yes, remove"))
