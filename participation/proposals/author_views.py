"""What surrounds a proposal's text: photos and a PDF, the author's updates, similar proposals while writing."""

from flask import abort, flash, g, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from participation.common import storage
from participation.common.confirm import confirmable
from participation.common.htmx import redirect_to
from participation.extensions import db, limiter
from participation.permissions import proposals as rules
from participation.proposals import attachments, similar, updates
from participation.proposals.blueprint import bp, load_for, load_or_404, require_login, write_limit
from participation.proposals.media_forms import (
    AttachmentForm,
    HideUpdateForm,
    RemoveAttachmentForm,
    UpdateForm,
)
from participation.proposals.media_models import ProposalPhoto
from participation.proposals.models import Proposal
from participation.proposals.services import PostingBlocked

# --- Template helpers ---------------------------------------------------------------


@bp.before_app_request
def _forget_media_cache() -> None:
    """Tests keep one application context across requests; start each one afresh."""
    g.pop("_spolu_proposal_media", None)
    g.pop("_spolu_proposal_updates", None)


@bp.app_template_global()
def proposal_media(proposal):
    """The proposal's photos and PDF (two queries, once per request)."""
    return attachments.media_of(proposal.id)


@bp.app_template_global()
def proposal_cover(proposal):
    """The first photo of a proposal in a list (one query for the whole list)."""
    return attachments.cover_of(proposal)


@bp.app_template_global()
def proposal_updates(proposal):
    """The author's updates, oldest first."""
    return updates.updates_of(proposal.id)


@bp.app_template_global()
def proposal_update_forms(proposal):
    """The forms the signed-in user may use under the updates (built only for them: a form makes a session)."""
    return {
        "post": UpdateForm() if rules.can_post_update(current_user, proposal) else None,
        "hide": HideUpdateForm() if rules.can_hide_update(current_user, proposal) else None,
        "attach": AttachmentForm() if proposal.status != "draft" and rules.can_attach(current_user, proposal)
        else None,
    }


# --- Used by the writing views (views.new, views.edit) ----------------------------------


def check_attachments(form, proposal: Proposal | None) -> attachments.Prepared | None:
    """The form's files, checked and cleaned; None (with the message on the field) if one is refused."""
    prepared = attachments.Prepared()
    if proposal is not None and not rules.can_attach(current_user, proposal):
        return prepared
    if form.photo.data:
        try:
            attachments.check_room(proposal, 1)
            prepared.photos.append(attachments.prepare_photo(form.photo.data, form.photo_alt.data or ""))
        except storage.UploadRefused as refused:
            form.photo.errors = [*form.photo.errors, refused.message]
            return None
    if form.document.data:
        try:
            prepared.document = attachments.prepare_document(form.document.data)
        except storage.UploadRefused as refused:
            form.document.errors = [*form.document.errors, refused.message]
            return None
    return prepared


def similar_for_form(form, proposal: Proposal | None):
    """Similar published proposals for the preview step (no JavaScript needed)."""
    return similar.find_similar(form.title.data, form.municipalities.data or (),
                                exclude_id=proposal.id if proposal else None)


# --- Similar proposals while typing ------------------------------------------------------


@bp.get("/podobne")
def similar_proposals():
    """Published proposals like the title being typed (htmx fragment; a plain request gets the same)."""
    if (login := require_login()) is not None:
        return login
    title = (request.args.get("title") or "")[:200]
    exclude = request.args.get("proposal", type=int)
    found = similar.find_similar(title, request.args.getlist("municipalities"), exclude_id=exclude)
    response = render_template("proposals/_similar.html", similar_found=found, similar_asked=bool(title.strip()))
    return response, 200, {"Vary": "HX-Request"}


# --- Photos and the PDF ------------------------------------------------------------------


def _back(proposal: Proposal):
    if rules.can_edit(current_user, proposal) and proposal.status == "draft" and request.form.get("from") == "edit":
        return redirect_to("proposals.edit", proposal_id=proposal.id)
    return redirect_to("proposals.detail", proposal_id=proposal.id, _anchor=f"proposal-{proposal.id}-media")


@bp.post("/<int:proposal_id>/prilohy")
@limiter.limit(write_limit, methods=["POST"])
def add_attachment(proposal_id: int):
    """Add a photo or the PDF from the proposal's page (the author's draft, or a moderator later)."""
    if (login := require_login()) is not None:
        return login
    proposal = load_for(proposal_id, rules.can_attach)
    form = AttachmentForm()
    if form.validate_on_submit():
        prepared = check_attachments(form, proposal)
        if prepared:
            attachments.attach(current_user, proposal, prepared)
            flash(_("The file is attached."), "success")
            return _back(proposal)
    return _form_page(proposal, form, "attach")


def _form_page(proposal: Proposal, form, kind: str, update=None):
    """A refused form on its own page: the message next to the field, the typed text kept."""
    return render_template("proposals/author_form.html", proposal=proposal, form=form, kind=kind,
                           update=update), 422


def _photo_or_404(proposal: Proposal, photo_id: int) -> ProposalPhoto:
    photo = db.session.get(ProposalPhoto, photo_id)
    if photo is None or photo.proposal_id != proposal.id:
        abort(404)
    return photo


@bp.post("/<int:proposal_id>/fotografie/<int:photo_id>/odebrat")
@limiter.limit(write_limit, methods=["POST"])
def remove_photo(proposal_id: int, photo_id: int):
    """Remove a photo: the author from a draft, a moderator at any time (audited)."""
    if (login := require_login()) is not None:
        return login
    proposal = load_for(proposal_id, rules.can_remove_attachment)
    photo = _photo_or_404(proposal, photo_id)
    form = RemoveAttachmentForm()
    if not form.validate_on_submit():
        abort(400)
    attachments.remove_photo(current_user, proposal, photo, form.reason.data or "")
    flash(_("The photo is removed."), "success")
    return _back(proposal)


@bp.post("/<int:proposal_id>/dokument/odebrat")
@limiter.limit(write_limit, methods=["POST"])
def remove_document(proposal_id: int):
    """Remove the PDF: the author from a draft, a moderator at any time (audited)."""
    if (login := require_login()) is not None:
        return login
    proposal = load_for(proposal_id, rules.can_remove_attachment)
    document = attachments.media_of(proposal.id).document
    if document is None:
        abort(404)
    form = RemoveAttachmentForm()
    if not form.validate_on_submit():
        abort(400)
    attachments.remove_document(current_user, proposal, document, form.reason.data or "")
    flash(_("The PDF is removed."), "success")
    return _back(proposal)


def _visible_or_404(proposal_id: int) -> Proposal:
    """Files of a draft or hidden proposal are not served to those who may not see it (404, not 403)."""
    proposal = load_or_404(proposal_id)
    if not rules.can_view(current_user, proposal):
        abort(404)
    return proposal


@bp.get("/<int:proposal_id>/fotografie/<int:photo_id>/<any(full, small):size>.jpg")
def photo(proposal_id: int, photo_id: int, size: str):
    """A photo, re-encoded at upload, in the page's or the thumbnail's size."""
    proposal = _visible_or_404(proposal_id)
    found = _photo_or_404(proposal, photo_id)
    key = found.storage_key if size == "full" else found.thumbnail_key
    return storage.serve(key, found.content_type, f"podnet-{proposal.id}-{found.id}.jpg", inline=True)


@bp.get("/<int:proposal_id>/dokument.pdf")
def document(proposal_id: int):
    """The proposal's PDF, as a download."""
    proposal = _visible_or_404(proposal_id)
    found = attachments.media_of(proposal.id).document
    if found is None:
        abort(404)
    return storage.serve(found.storage_key, storage.PDF_CONTENT_TYPE, found.file_name)


# --- Updates -------------------------------------------------------------------------------


@bp.post("/<int:proposal_id>/novinky")
@limiter.limit(write_limit, methods=["POST"])
def post_update(proposal_id: int):
    """The author (or a moderator) posts a dated update; followers hear of it."""
    if (login := require_login()) is not None:
        return login
    proposal = load_for(proposal_id, rules.can_post_update)
    form = UpdateForm()
    if not form.validate_on_submit():
        return _form_page(proposal, form, "update")
    try:
        update = updates.post_update(current_user, proposal, form.body.data)
    except PostingBlocked as blocked:
        form.body.errors = [*form.body.errors, str(blocked)]
        return _form_page(proposal, form, "update")
    flash(_("The update is posted; the followers will hear of it."), "success")
    return redirect_to("proposals.detail", proposal_id=proposal.id, _anchor=f"update-{update.id}")


@bp.post("/<int:proposal_id>/novinky/<int:update_id>/skryt")
@limiter.limit(write_limit, methods=["POST"])
def hide_update(proposal_id: int, update_id: int):
    """A moderator hides an update, with a reason (audited)."""
    if (login := require_login()) is not None:
        return login
    proposal = load_for(proposal_id, rules.can_hide_update)
    update = updates.load_update(proposal.id, update_id)
    if update is None:
        abort(404)
    form = HideUpdateForm()
    if not form.validate_on_submit():
        return _form_page(proposal, form, "hide", update=update)
    if update.hidden_at is None:
        updates.hide_update(current_user, proposal, update, form.reason.data)
        flash(_("The update is hidden."), "success")
    return redirect_to("proposals.detail", proposal_id=proposal.id, _anchor=f"update-{update.id}")


# Destructive actions ask first (participation/common/confirm.py).
confirmable(
    "proposals.remove_photo",
    _l("Remove this photo?"),
    _l("Yes, remove the photo"),
    reason_label=_l("Reason (optional)"),
    reason_length=500,
)
confirmable(
    "proposals.remove_document",
    _l("Remove the PDF document?"),
    _l("Yes, remove the document"),
    reason_label=_l("Reason (optional)"),
    reason_length=500,
)
