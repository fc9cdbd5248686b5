"""The verification blueprint and the loaders its views share."""

from flask import Blueprint, abort, current_app
from flask_login import current_user

from participation.common.access import require
from participation.extensions import limiter
from participation.permissions import verification as rules
from participation.territory import services as territory_services

bp = Blueprint("verification", __name__)


def code_limit() -> str:
    """RATELIMIT_VERIFICATION: guessing codes or birth dates is slow."""
    return current_app.config["RATELIMIT_VERIFICATION"]


verification_limit = limiter.shared_limit(code_limit, scope="residency-verification", methods=["POST"])


def office_municipality(code: str):
    """The municipality by its code (404), for a member of its office (login, then 403)."""
    municipality = territory_services.municipality_by_code(code)
    if municipality is None:
        abort(404)
    require(rules.can_manage_residency(current_user, municipality))
    return municipality
