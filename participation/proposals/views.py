"""Proposals: the list, a proposal's page, writing, supporting."""

from types import SimpleNamespace

from flask import (
    abort,
    current_app,
    flash,
    g,
    make_response,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from participation.common.confirm import confirmable
from participation.common.htmx import fragment_or_redirect, redirect_to
from participation.common.markdown import render_markdown
from participation.common.pagination import page_from_request
from participation.extensions import htmx, limiter
from participation.permissions import proposals as rules
from participation.proposals import attachments, author_views, labels, page_queries, places, queries, services
from participation.proposals.blueprint import bp, load_for, require_login, write_limit
from participation.proposals.forms import MAX_MUNICIPALITIES, ProposalForm, WithdrawForm
from participation.proposals.listing import Listing
from participation.proposals.media_forms import ProposalMediaForm
from participation.proposals.models import Proposal


def _support_limit() -> str:
    return current_app.config["RATELIMIT_SUPPORT"]


@bp.before_app_request
def _forget_proposal_cache() -> None:
    """Tests keep one application context across requests; start each one afresh."""
    g.pop("_spolu_proposal_cache", None)


# --- Template helpers (also used by the territory pages) -----------------------


@bp.app_template_global()
def proposal_status_label(status) -> str:
    return labels.status_label(status)


@bp.app_template_global()
def proposal_category_label(category) -> str:
    return labels.category_label(category)


@bp.app_template_global()
def proposals_for_municipality(municipality, limit: int = 5):
    """The latest public proposals touching a municipality, and their total."""
    return queries.latest_for_municipality(municipality.id, limit)


@bp.app_template_global()
def proposal_linked_kinds(proposal) -> set[str]:
    """Which link sections of a proposal's page have rows (one query for all of them)."""
    return page_queries.linked_kinds(proposal.id)


@bp.app_template_global()
def proposal_author(proposal):
    """The author with their home municipality, in one statement (asked inside the page's shared byline)."""
    return page_queries.author_of(proposal)


@bp.app_template_global()
def support_figures(proposal) -> page_queries.SupportPanel:
    """The support panel's figures, the same for everyone (asked inside its shared fragment)."""
    return page_queries.support_panel(proposal, None, user_supports=False)


@bp.app_template_global()
def proposal_record(proposal) -> SimpleNamespace:
    """What a proposal's page records, the same for everyone: merged duplicates, official answers, history.

    Asked inside the page's shared fragment, so that its queries run only when the fragment is rendered.
    """
    return SimpleNamespace(duplicates=page_queries.merged_duplicates(proposal), answers=page_queries.official_answers(proposal),
                           history=page_queries.status_history(proposal))


@bp.app_template_global()
def proposals_for_grouping(grouping, limit: int = 5):
    """The latest public proposals of a grouping or its members, and their total."""
    return queries.latest_for_grouping(grouping.id, limit)


# --- Loading and checking -------------------------------------------------------


# --- The list --------------------------------------------------------------------


@bp.get("/", endpoint="list")
def index():
    """Find proposals: filters, sorts, search, pages; htmx refreshes only the results."""
    # The filter form and the results are shared fragments: a kept one runs no list query (listing.py).
    listing = Listing(request.args, page_from_request(), current_app.config["PER_PAGE"])
    if htmx and not htmx.history_restore_request:
        response = make_response(listing.results())
    else:
        drafts = queries.drafts_of(current_user)
        response = make_response(render_template("proposals/list.html", listing=listing, drafts=drafts))
    response.headers["Vary"] = "HX-Request"
    return response


@bp.get("/naseptavac-obci")
def municipality_suggestions():
    """Options for the list's municipality field as the visitor types (htmx fills its datalist)."""
    rows = places.municipality_suggestions(request.args.get("municipality"))
    response = make_response(render_template("proposals/_municipality_options.html", rows=rows))
    response.headers["Cache-Control"] = "public, max-age=300"
    return response


# --- One proposal ----------------------------------------------------------------


@bp.get("/<int:proposal_id>")
def detail(proposal_id: int):
    """A proposal's page: text, status history, official answers, support panel."""
    proposal = page_queries.proposal_for_page(proposal_id)
    if proposal is None:
        abort(404)
    if not rules.can_view(current_user, proposal):
        if rules.can_see_hidden_notice(current_user, proposal):
            return render_template("proposals/hidden.html", proposal=proposal)
        abort(403)
    viewer = page_queries.viewer_facts(proposal, current_user)
    return render_template(
        "proposals/detail.html",
        proposal=proposal,
        subject=proposal,
        target=proposal,
        thread=proposal.thread,
        user_supports=viewer.supports,
        followers=viewer.followers,
        follow_count=viewer.followers,
        follow_following=viewer.follows,
    )


# --- Writing ---------------------------------------------------------------------


def _form_choices(form: ProposalForm) -> None:
    form.grouping.choices = [("", _("None"))] + [(g.id, g.name) for g in places.all_groupings()]


def _data(form: ProposalForm) -> services.ProposalData:
    return services.ProposalData(
        title=form.title.data, body=form.body.data, category=form.category.data,
        municipality_ids=form.municipalities.data, grouping_id=form.grouping.data,
        latitude=form.latitude.data, longitude=form.longitude.data,
    )


def _render_form(form: ProposalForm, proposal: Proposal | None = None, preview=None, status: int = 200):
    similar = author_views.similar_for_form(form, proposal) if preview is not None else None
    threshold = services.threshold_preview(
        [i for i in (form.municipalities.data or []) if isinstance(i, int)][:MAX_MUNICIPALITIES],
        form.grouping.data if isinstance(form.grouping.data, int) else None,
    )
    return render_template("proposals/form.html", form=form, proposal=proposal, preview=preview,
                           similar_found=similar, threshold=threshold), status


def _refuse_on_form(form: ProposalForm, blocked: Exception, proposal: Proposal | None = None):
    """A posting block: the message next to the municipalities, everything typed kept."""
    form.municipalities.errors = [*form.municipalities.errors, str(blocked)]
    return _render_form(form, proposal, status=422)


@bp.route("/novy", methods=["GET", "POST"])
@limiter.limit(write_limit, methods=["POST"])
def new():
    """Write a proposal: preview, save as draft, or publish."""
    if (login := require_login()) is not None:
        return login
    if not rules.can_create(current_user):
        abort(403)
    form = ProposalMediaForm()
    _form_choices(form)
    if request.method == "GET" and current_user.home_municipality_id:
        form.municipalities.data = [current_user.home_municipality_id]
    action = request.form.get("action", "save")
    if not form.validate_on_submit():
        return _render_form(form, status=422 if request.method == "POST" else 200)
    if action == "preview":
        return _render_form(form, preview=render_markdown(form.body.data))
    if form.honeypot_tripped:  # a bot: answer as if saved, save nothing
        flash(_("Your draft is saved."), "success")
        return redirect_to("proposals.list")
    if (files := author_views.check_attachments(form, None)) is None:
        return _render_form(form, status=422)
    try:
        proposal = services.create_proposal(current_user, _data(form), publish=action == "publish")
    except services.PostingBlocked as blocked:
        return _refuse_on_form(form, blocked)
    if files:
        attachments.attach(current_user, proposal, files)
    flash(_("Your proposal is published.") if action == "publish" else _("Your draft is saved."), "success")
    return redirect_to("proposals.detail", proposal_id=proposal.id)


@bp.route("/<int:proposal_id>/upravit", methods=["GET", "POST"])
@limiter.limit(write_limit, methods=["POST"])
def edit(proposal_id: int):
    """Edit a draft, or a published proposal nobody has supported or commented on yet."""
    if (login := require_login()) is not None:
        return login
    proposal = load_for(proposal_id, rules.can_edit)
    form = ProposalMediaForm(obj=None if request.method == "POST" else proposal)
    _form_choices(form)
    if request.method == "GET":
        form.category.data = proposal.category.value
        form.municipalities.data = [m.id for m in proposal.municipalities]
        form.grouping.data = proposal.grouping_id
    action = request.form.get("action", "save")
    if not form.validate_on_submit():
        return _render_form(form, proposal, status=422 if request.method == "POST" else 200)
    if action == "preview":
        return _render_form(form, proposal, preview=render_markdown(form.body.data))
    if (files := author_views.check_attachments(form, proposal)) is None:
        return _render_form(form, proposal, status=422)
    try:
        services.update_proposal(current_user, proposal, _data(form))
    except services.PostingBlocked as blocked:
        return _refuse_on_form(form, blocked, proposal)
    if files:
        attachments.attach(current_user, proposal, files)
    if action == "publish" and rules.can_publish(current_user, proposal):
        services.publish(current_user, proposal)
        flash(_("Your proposal is published."), "success")
    else:
        flash(_("Your changes are saved."), "success")
    return redirect_to("proposals.detail", proposal_id=proposal.id)


@bp.post("/nahled")
def preview():
    """The Markdown preview for htmx: the same sanitised rendering the page uses."""
    if (login := require_login()) is not None:
        return login
    body = (request.form.get("body") or "")[:20000]
    return render_template("proposals/_preview.html", preview=render_markdown(body))


@bp.post("/<int:proposal_id>/zverejnit")
def publish(proposal_id: int):
    """Make a draft public."""
    if (login := require_login()) is not None:
        return login
    proposal = load_for(proposal_id, rules.can_publish)
    try:
        services.publish(current_user, proposal)
    except services.PostingBlocked as blocked:
        flash(str(blocked), "error")
    else:
        flash(_("Your proposal is published."), "success")
    return redirect_to("proposals.detail", proposal_id=proposal.id)


@bp.post("/<int:proposal_id>/vzit-zpet")
def withdraw(proposal_id: int):
    """The author withdraws the proposal; it stays visible, marked withdrawn."""
    if (login := require_login()) is not None:
        return login
    proposal = load_for(proposal_id, rules.can_withdraw)
    form = WithdrawForm()
    if not form.validate_on_submit():
        flash(_("The reason is too long."), "error")
        return redirect_to("proposals.detail", proposal_id=proposal.id)
    services.withdraw(current_user, proposal, form.reason.data or "")
    flash(_("The proposal is withdrawn."), "success")
    return redirect_to("proposals.detail", proposal_id=proposal.id)


@bp.post("/<int:proposal_id>/smazat")
def delete(proposal_id: int):
    """Delete one's own draft."""
    if (login := require_login()) is not None:
        return login
    proposal = load_for(proposal_id, rules.can_delete_draft)
    files = attachments.stored_keys(proposal.id)
    services.delete_draft(current_user, proposal)
    attachments.delete_stored(files)
    flash(_("The draft is deleted."), "success")
    return redirect_to("proposals.list")


# --- Supporting ------------------------------------------------------------------


def _panel_response(proposal: Proposal, user_supports: bool):
    """The support panel after a toggle: the counts just read, the proposal as loaded (services.support)."""
    return fragment_or_redirect(
        "proposals/_support_panel.html",
        url_for("proposals.detail", proposal_id=proposal.id) + f"#proposal-{proposal.id}-support",
        proposal=proposal,
        user_supports=user_supports,
    )


@bp.post("/<int:proposal_id>/podpora")
@limiter.limit(_support_limit, methods=["POST"])
def support(proposal_id: int):
    """Support the proposal (a repeat changes nothing); htmx swaps only the panel."""
    if (login := require_login()) is not None:
        return login
    proposal = load_for(proposal_id, rules.can_support)
    services.support(current_user, proposal)
    return _panel_response(proposal, user_supports=True)


@bp.post("/<int:proposal_id>/odebrat-podporu")
@limiter.limit(_support_limit, methods=["POST"])
def unsupport(proposal_id: int):
    """Take one's support back."""
    if (login := require_login()) is not None:
        return login
    proposal = load_for(proposal_id, rules.can_support)
    services.unsupport(current_user, proposal)
    return _panel_response(proposal, user_supports=False)


from participation.proposals import moderation_views  # noqa: E402, F401  (registers the moderation routes on bp)

# Destructive actions ask first (participation/common/confirm.py).
confirmable("proposals.delete", _l("Delete this draft for good?"), _l("Yes, delete the draft"))
confirmable(
    "proposals.withdraw",
    _l("Withdraw this proposal?"),
    _l("Yes, withdraw the proposal"),
    detail=_l("It stops collecting support; residents see that you withdrew it."),
    reason_label=_l("Why are you withdrawing it? (optional)"),
    reason_length=2000,
)
