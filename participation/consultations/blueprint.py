"""The consultations blueprint and the loaders its two view modules share (views.py, manage.py)."""

from functools import wraps

from flask import Blueprint, abort, current_app
from flask_login import current_user

from participation.consultations import queries
from participation.consultations.models import Consultation
from participation.permissions import consultations as rules

bp = Blueprint("consultations", __name__, url_prefix="/konzultace")


def login_required(view):
    """Flask-Login's login_required, but a plain 401 while no login page exists."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_authenticated:
            if "accounts.login" in current_app.view_functions:
                return current_app.login_manager.unauthorized()
            abort(401)
        return view(*args, **kwargs)

    return wrapped


def write_limit():
    return current_app.config["RATELIMIT_WRITE"]


def load_consultation(consultation_id: int, *, manage: bool = False) -> Consultation:
    """The consultation with everything its pages show; 404 if hidden, 403 if not managed."""
    consultation = queries.load(consultation_id)
    if consultation is None or not rules.can_view(current_user, consultation):
        abort(404)
    if manage and not rules.can_manage(current_user, consultation):
        abort(403)
    return consultation
