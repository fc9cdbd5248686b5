"""The proposals blueprint and the loaders its two view modules share (views.py, moderation_views.py)."""

from flask import Blueprint, abort, current_app
from flask_login import current_user

from participation.extensions import login_manager
from participation.proposals import page_queries
from participation.proposals.models import Proposal

bp = Blueprint("proposals", __name__, url_prefix="/podnety")


def write_limit() -> str:
    return current_app.config["RATELIMIT_WRITE"]


def require_login():
    if not current_user.is_authenticated:
        if "accounts.login" in current_app.view_functions:
            return login_manager.unauthorized()
        abort(403)
    return None


def load_or_404(proposal_id: int) -> Proposal:
    proposal = page_queries.load_proposal(proposal_id)
    if proposal is None:
        abort(404)
    return proposal


def load_for(proposal_id: int, rule) -> Proposal:
    """Load (404), then ask the rule (403)."""
    proposal = load_or_404(proposal_id)
    if not rule(current_user, proposal):
        abort(403)
    return proposal
