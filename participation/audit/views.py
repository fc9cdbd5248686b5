"""The audit log, for administrators."""

from flask import Blueprint, render_template, request
from flask_login import current_user

from participation.audit import queries
from participation.common.access import require
from participation.common.pagination import page_from_request, paginate
from participation.common.validation import read_int
from participation.permissions import audit as rules
from participation.permissions.territory import administered_region_ids

bp = Blueprint("audit", __name__)

PER_PAGE = 50


@bp.app_template_global()
def audit_action_label(action: str) -> str:
    return queries.action_label(action)


@bp.get("/sprava/audit")
def log():
    """Every recorded action, newest first, filtered by action and actor."""
    require(rules.can_view_audit_log(current_user))
    action = request.args.get("action", "").strip()[:60]
    actor = request.args.get("actor", "").strip()[:12]
    target_raw = request.args.get("target", "")
    target = read_int(target_raw)[0]
    region_ids = None if rules.sees_whole_audit_log(current_user) else administered_region_ids(current_user)
    statement = queries.entries(action=action or None, actor=actor or None, target=target, region_ids=region_ids)
    page = paginate(statement, page_from_request(), PER_PAGE)
    return render_template(
        "audit/log.html", page=page, action=action, actor=actor, target=target,
        actions=queries.actions_in_log(), actors=queries.actors_in_log(),
        system_actor=queries.SYSTEM_ACTOR,
    )
