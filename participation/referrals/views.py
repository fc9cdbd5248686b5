"""Passing a proposal on to the region or the state, and recording the answer.

Load the objects (404), ask the permission rule (403), call one service.
"""

from flask import Blueprint, abort, flash, render_template
from flask_babel import gettext as _
from flask_login import current_user, login_required

from participation.common.access import write_limit
from participation.common.htmx import redirect_to
from participation.extensions import db, limiter
from participation.permissions import referrals as rules
from participation.proposals import page_queries
from participation.referrals import services
from participation.referrals.forms import LEVEL_LABELS, ReferForm, ResponseForm
from participation.referrals.models import Referral

bp = Blueprint("referrals", __name__)


@bp.app_template_global()
def referrals_of(proposal) -> list[Referral]:
    """For the proposal page's "Passed on" section."""
    return services.referrals_of(proposal.id)


@bp.app_template_global()
def referral_level_label(level) -> str:
    return str(LEVEL_LABELS.get(level, level))


@bp.route("/podnety/<int:proposal_id>/postoupit", methods=["GET", "POST"])
@login_required
@limiter.limit(write_limit, methods=["POST"])
def refer(proposal_id: int):
    """Pass a proposal on to the region or the state, saying to whom and why."""
    proposal = page_queries.load_proposal(proposal_id)
    if proposal is None:
        abort(404)
    if not rules.can_refer(current_user, proposal):
        abort(403)
    form = ReferForm()
    if form.validate_on_submit():
        services.refer(current_user, proposal, form.level.data, form.addressee.data, form.reason.data)
        flash(_("The proposal is passed on. Its followers are told, and the trail is on the proposal."), "success")
        return redirect_to("proposals.detail", proposal_id=proposal.id, _anchor="referrals")
    return render_template("referrals/refer.html", form=form, proposal=proposal), 422 if form.errors else 200


@bp.route("/postoupeni/<int:referral_id>/odpoved", methods=["GET", "POST"])
@login_required
@limiter.limit(write_limit, methods=["POST"])
def respond(referral_id: int):
    """Record the answer that came back from the region or the state."""
    referral = db.session.get(Referral, referral_id)
    if referral is None:
        abort(404)
    if not rules.can_record_response(current_user, referral):
        abort(403)
    form = ResponseForm()
    if form.validate_on_submit():
        services.record_response(current_user, referral, form.response.data)
        flash(_("The answer is recorded on the proposal."), "success")
        return redirect_to("proposals.detail", proposal_id=referral.proposal_id, _anchor="referrals")
    return render_template("referrals/respond.html", form=form, referral=referral), 422 if form.errors else 200
