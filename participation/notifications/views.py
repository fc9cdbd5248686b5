"""The notification centre, preferences and one-click unsubscribe."""

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from participation.common.access import login_required, safe_next
from participation.common.htmx import redirect_to, render_page_or_fragment
from participation.common.pagination import page_from_request
from participation.extensions import csrf, htmx, limiter
from participation.follows.services import followed_places, follower_counts
from participation.notifications import services
from participation.notifications.forms import preferences_form, topic_field_name
from participation.notifications.tokens import ExpiredToken, InvalidToken, read_unsubscribe_token
from participation.notifications.topics import MODE_LABELS, TOPIC_BY_NAME, TOPICS
from participation.permissions import notifications as rules

bp = Blueprint("notifications", __name__, url_prefix="/oznameni")


def _write_limit() -> str:
    return current_app.config["RATELIMIT_WRITE"]


@bp.app_context_processor
def unread_helper():
    """`unread_notifications()` for the header badge; one COUNT, only when rendered."""
    return {"unread_notifications": lambda: services.unread_count(current_user)}


@bp.get("")
@login_required
def index():
    """My notifications, newest first."""
    unread_only = request.args.get("unread") == "1"
    page, entries = services.page_of_entries(
        current_user, page_from_request(), current_app.config["PER_PAGE"], unread_only
    )
    return render_page_or_fragment(
        "notifications/index.html", "notifications/_list.html",
        results=page, entries=entries, unread_only=unread_only,
    )


@bp.get("/neprectena")
def unread():
    """The header link with the unread count (polled by htmx every minute)."""
    if htmx:
        response = make_response(render_template("notifications/_unread.html"))
    else:
        response = redirect(url_for("notifications.index"))
    response.headers["Vary"] = "HX-Request"
    response.headers["Cache-Control"] = "no-store"
    return response


def _own_or_404(notification_id: int):
    notification = services.get_own(current_user, notification_id)
    if notification is None or not rules.can_read(current_user, notification):
        abort(404)
    return notification


@bp.post("/<int:notification_id>/precteno")
@login_required
@limiter.limit(_write_limit, methods=["POST"])
def mark_read(notification_id: int):
    """Mark one notification read."""
    notification = _own_or_404(notification_id)
    services.mark_read(current_user, notification)
    if htmx:
        entry = services.entries_for(current_user, [notification])[0]
        return render_template("notifications/_item.html", entry=entry)
    return redirect(safe_next(request.form.get("next"), url_for("notifications.index")), code=303)


@bp.get("/<int:notification_id>/otevrit")
@login_required
def open_item(notification_id: int):
    """Follow a notification's link, marking it read on the way."""
    notification = _own_or_404(notification_id)
    entry = services.entries_for(current_user, [notification])[0]
    services.mark_read(current_user, notification)
    return redirect(entry.url or url_for("notifications.index"), code=303)


@bp.post("/precteno-vse")
@login_required
@limiter.limit(_write_limit, methods=["POST"])
def mark_all_read():
    """Mark every notification read."""
    services.mark_all_read(current_user)
    if htmx:
        page, entries = services.page_of_entries(current_user, 1, current_app.config["PER_PAGE"])
        return render_template("notifications/_list.html", results=page, entries=entries, unread_only=False)
    flash(_("All notifications are marked read."), "success")
    return redirect_to("notifications.index")


def _follower_counts(places) -> dict[tuple[str, int], int]:
    """Follower counts of the followed places, one query per type."""
    counts = {}
    for kind in {kind for kind, _place in places}:
        ids = [place.id for name, place in places if name == kind]
        counts.update({(kind, i): n for i, n in follower_counts(kind, ids).items()})
    return counts


@bp.route("/nastaveni", methods=["GET", "POST"])
@login_required
def preferences():
    """Email per topic, and what to follow automatically."""
    modes = services.preferences_of(current_user)
    settings = services.settings_of(current_user)
    defaults = {topic_field_name(t): modes[t.name] for t in TOPICS}
    for trigger in ("create", "support", "comment"):
        defaults[f"auto_follow_{trigger}"] = getattr(settings, f"auto_follow_{trigger}", True)
    form = preferences_form(data=defaults) if request.method == "GET" else preferences_form()
    places = followed_places(current_user)
    if form.validate_on_submit():
        services.save_preferences(
            current_user,
            {t.name: form[topic_field_name(t)].data for t in TOPICS},
            {trigger: form[f"auto_follow_{trigger}"].data for trigger in ("create", "support", "comment")},
        )
        flash(_("Your preferences are saved."), "success")
        return redirect_to("notifications.preferences")
    return render_template("notifications/preferences.html", form=form, topics=TOPICS,
                           topic_field_name=topic_field_name,
                           places=places, place_counts=_follower_counts(places)), (400 if form.errors else 200)


@bp.route("/odhlasit-odber/<token>", methods=["GET", "POST"])
@csrf.exempt  # a mail client's one-click POST (RFC 8058) carries no CSRF token; the signed token is the proof
def unsubscribe(token: str):
    """One-click unsubscribe from an email's topic; GET asks, POST does it."""
    try:
        user_id, topic = read_unsubscribe_token(token)
    except ExpiredToken:
        return render_template("notifications/unsubscribe.html", state="expired"), 400
    except InvalidToken:
        return render_template("notifications/unsubscribe.html", state="invalid"), 400
    if topic.startswith("@"):
        label = MODE_LABELS.get(topic[1:])
    else:
        label = TOPIC_BY_NAME[topic].label if topic in TOPIC_BY_NAME else None
    if label is None:
        return render_template("notifications/unsubscribe.html", state="invalid"), 400
    if request.method == "GET":
        # The address carries a personal token: never kept by a shared cache.
        page = render_template("notifications/unsubscribe.html", state="confirm", label=label, token=token)
        return page, {"Cache-Control": "no-store"}
    services.unsubscribe(user_id, topic)
    return render_template("notifications/unsubscribe.html", state="done", label=label)
