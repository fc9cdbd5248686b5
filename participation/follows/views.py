"""Follow and unfollow anything followable; the list of what I follow."""

from types import SimpleNamespace

from flask import Blueprint, abort, current_app, render_template, request, url_for
from flask_login import current_user

from participation.common.access import login_required, safe_next
from participation.common.htmx import fragment_or_redirect
from participation.common.pagination import page_from_request, paginate
from participation.extensions import db, limiter
from participation.follows import services
from participation.follows.targets import (
    FOLLOWABLE,
    available_types,
    subject_type_of,
    target_type,
    title_of,
    url_for_target,
)
from participation.permissions import follows as rules

bp = Blueprint("follows", __name__)
# The address names the type in Czech (/sledovani/podnet/5); the view gets its English name.
_SUBJECT_TYPE = f"word({', '.join(FOLLOWABLE)})"


def _write_limit() -> str:
    return current_app.config["RATELIMIT_WRITE"]


def _current_path() -> str:
    return request.full_path.rstrip("?")


def _next_url() -> str:
    """Where the button's form returns to without JavaScript."""
    if request.method == "POST":
        return safe_next(request.form.get("next"), url_for("follows.index"))
    return _current_path()


@bp.app_context_processor
def follow_helpers():
    """`follow_state(target)` for templates/follows/_button.html, on every page."""

    def follow_state(target, following=None, count=None):
        try:
            name = subject_type_of(target)
        except TypeError:  # not followable in this build: the button renders nothing
            return None
        if following is None and count is None:
            following, count = services.following_and_count(current_user, target)
        elif following is None:
            following = services.is_following(current_user, target)
        elif count is None:
            count = services.follower_count(target)
        return SimpleNamespace(
            subject_type=name,
            subject_id=target.id,
            dom_id=f"follow-{name}-{target.id}",
            following=following,
            count=count,
            next=_next_url(),
        )

    return {"follow_state": follow_state, "target_url": url_for_target, "target_title": title_of}


def _load_target(subject_type: str, subject_id: int):
    kind = target_type(subject_type)
    if kind is None:
        abort(404)
    target = db.session.get(kind.model, subject_id)
    if target is None or not rules.can_see(current_user, target):
        abort(404)
    return target


def _respond(target):
    return fragment_or_redirect("follows/_button.html", _next_url(), target=target)


@bp.post(f"/sledovani/<{_SUBJECT_TYPE}:subject_type>/<int:subject_id>")
@login_required
@limiter.limit(_write_limit, methods=["POST"])
def follow(subject_type: str, subject_id: int):
    """Follow one thing."""
    target = _load_target(subject_type, subject_id)
    if not rules.can_follow(current_user, target):
        abort(403)
    services.follow(current_user, target)
    return _respond(target)


@bp.post(f"/sledovani/<{_SUBJECT_TYPE}:subject_type>/<int:subject_id>/smazat")
@login_required
@limiter.limit(_write_limit, methods=["POST"])
def unfollow(subject_type: str, subject_id: int):
    """Stop following one thing."""
    target = _load_target(subject_type, subject_id)
    services.unfollow(current_user, target)
    return _respond(target)


@bp.get("/sledovani")
@login_required
def index():
    """Everything I follow, by type, with unfollow buttons."""
    kinds = available_types()
    counts = services.count_follows_by_type(current_user)
    selected = request.args.get("type", "")
    if selected not in counts:
        selected = next((k.name for k in kinds if counts.get(k.name)), kinds[0].name if kinds else "")
    kind = target_type(selected)
    page = paginate(services.follows_of(current_user, selected), page_from_request(),
                    current_app.config["PER_PAGE"])
    ids = [getattr(f, kind.column.key) for f in page.items]
    targets = {t.id: t for t in db.session.scalars(
        db.select(kind.model).where(kind.model.id.in_(ids)))} if ids else {}
    follower_counts = services.follower_counts(selected, ids)
    items = [targets[i] for i in ids if i in targets and rules.can_see(current_user, targets[i])]
    return render_template(
        "follows/index.html", kinds=kinds, counts=counts, selected=selected, page=page,
        items=items, follower_counts=follower_counts,
    )
