"""Moderating a proposal: status, official answer, merge (paper supports go through the office desk).

Routes on the proposals blueprint; one page with a form per action, each
posting to its own URL and coming back to the page with a 303.
"""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from participation.common.htmx import redirect_to
from participation.extensions import limiter
from participation.permissions import proposals as rules
from participation.permissions import scopes
from participation.proposals import moderation, page_queries
from participation.proposals.blueprint import bp, load_for, require_login, write_limit
from participation.proposals.forms import AnswerForm, MergeForm, StatusForm
from participation.proposals.models import Proposal, ProposalStatus


def _answer_choices(proposal: Proposal) -> list[tuple[str, str]]:
    """On whose behalf the user may answer: covered municipalities and the grouping."""
    choices = [
        (f"m:{m.id}", m.name) for m in proposal.municipalities
        if scopes.covers_municipality(current_user, m.id)
    ]
    if proposal.grouping is not None and scopes.covers_grouping(current_user, proposal.grouping_id):
        choices.append((f"g:{proposal.grouping_id}", proposal.grouping.name))
    return choices


def _forms(proposal: Proposal, **given):
    status_form = given.get("status_form") or StatusForm(prefix="status")
    status_form.set_choices(rules.MODERATOR_STATUSES, proposal.status)
    answer_form = given.get("answer_form") or AnswerForm(prefix="answer")
    answer_form.on_behalf.choices = _answer_choices(proposal)
    merge_form = given.get("merge_form") or MergeForm(prefix="merge")
    merge_form.survivor.choices = [
        (p.id, f"#{p.id} {p.title}") for p in page_queries.merge_candidates(proposal, current_user)
    ]
    return {"status_form": status_form, "answer_form": answer_form, "merge_form": merge_form}


def _render(proposal: Proposal, status: int = 200, **given):
    return render_template(
        "proposals/moderate.html", proposal=proposal,
        panel=page_queries.support_panel(proposal, current_user), **_forms(proposal, **given),
    ), status


def _load_moderated(proposal_id: int) -> Proposal:
    proposal = load_for(proposal_id, rules.can_moderate)
    if proposal.status == ProposalStatus.DRAFT:
        abort(403)
    return proposal


@bp.get("/<int:proposal_id>/moderovat")
def moderate(proposal_id: int):
    """The moderator's page for one proposal."""
    if (login := require_login()) is not None:
        return login
    return _render(_load_moderated(proposal_id))


@bp.post("/<int:proposal_id>/stav")
@limiter.limit(write_limit, methods=["POST"])
def change_status(proposal_id: int):
    """Set a new status with a reason."""
    if (login := require_login()) is not None:
        return login
    proposal = load_for(proposal_id, rules.can_change_status)
    form = StatusForm(prefix="status")
    form.set_choices(rules.MODERATOR_STATUSES, proposal.status)
    if not form.validate_on_submit():
        return _render(proposal, 422, status_form=form)
    moderation.change_status(current_user, proposal, ProposalStatus(form.status.data), form.reason.data.strip())
    flash(_("The status is changed."), "success")
    return redirect_to("proposals.detail", proposal_id=proposal.id)


@bp.post("/<int:proposal_id>/odpovedet")
@limiter.limit(write_limit, methods=["POST"])
def answer(proposal_id: int):
    """Publish an official answer on behalf of a municipality or grouping."""
    if (login := require_login()) is not None:
        return login
    proposal = load_for(proposal_id, rules.can_answer)
    form = AnswerForm(prefix="answer")
    form.on_behalf.choices = _answer_choices(proposal)
    if not form.validate_on_submit():
        return _render(proposal, 422, answer_form=form)
    kind, _sep, raw_id = form.on_behalf.data.partition(":")
    moderation.add_official_answer(
        current_user, proposal, form.body.data,
        municipality_id=int(raw_id) if kind == "m" else None,
        grouping_id=int(raw_id) if kind == "g" else None,
    )
    flash(_("The official answer is published."), "success")
    return redirect_to("proposals.detail", proposal_id=proposal.id)


@bp.post("/<int:proposal_id>/sloucit")
@limiter.limit(write_limit, methods=["POST"])
def merge(proposal_id: int):
    """Merge this duplicate into another proposal."""
    if (login := require_login()) is not None:
        return login
    duplicate = load_for(proposal_id, rules.can_merge)
    form = MergeForm(prefix="merge")
    form.survivor.choices = [
        (p.id, f"#{p.id} {p.title}") for p in page_queries.merge_candidates(duplicate, current_user)
    ]
    if not form.validate_on_submit():
        return _render(duplicate, 422, merge_form=form)
    survivor = page_queries.load_proposal(form.survivor.data)
    if survivor is None or not rules.can_merge(current_user, duplicate, survivor):
        abort(403)
    moderation.merge(current_user, duplicate, survivor, form.reason.data.strip())
    flash(_("The proposal is merged."), "success")
    return redirect_to("proposals.detail", proposal_id=survivor.id)


@bp.route("/<int:proposal_id>/papirova-podpora", methods=["GET", "POST"])
def paper_support(proposal_id: int):
    """Retired: the anonymous paper support could count a person twice. Sends to the office desk,
    which records the person and refuses duplicates; a POST here records nothing."""
    code = 303 if request.method == "POST" else 301
    return redirect(url_for("verification.file_support", proposal_id=proposal_id), code=code)
