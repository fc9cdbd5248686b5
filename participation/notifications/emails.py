"""Emails: one per event (immediately) or a digest grouped by item.

A digest names each item once with what it counts ("12 new comments and an
official answer") and lists at most NOTIFICATIONS_DIGEST_MAX_ITEMS items, with
a link to the rest in the notification centre.

Every email is rendered in the recipient's language, as plain text and HTML,
with a one-click unsubscribe link for its topic (List-Unsubscribe and
List-Unsubscribe-Post headers, RFC 8058). Sending goes through
participation.common.mail.send_mail only.
"""

from flask import current_app, render_template, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from participation.accounts.models import User
from participation.common.mail import Mail
from participation.extensions import db
from participation.notifications.context import absolute, public_url_context
from participation.notifications.items import describe, group_ref, item_ref, related_refs, survivor_for
from participation.notifications.messages import bundle_sentence, sentence
from participation.notifications.models import Delivery, Event, Notification
from participation.notifications.periods import bounds
from participation.notifications.services import bundle_ref, preferences_of, tallies_of
from participation.notifications.tokens import make_unsubscribe_token
from participation.notifications.topics import DAILY, TOPIC_BY_NAME, topic_of


def _locale_of(user: User) -> str:
    languages = current_app.config.get("LANGUAGES", ("cs", "en"))
    return user.locale if user.locale in languages else current_app.config["BABEL_DEFAULT_LOCALE"]


def _unsubscribe_headers(unsubscribe_url: str) -> dict[str, str]:
    return {
        "List-Unsubscribe": f"<{unsubscribe_url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def _links(user: User, topic: str) -> dict[str, str]:
    return {
        "unsubscribe_url": url_for(
            "notifications.unsubscribe", token=make_unsubscribe_token(user.id, topic), _external=True
        ),
        "preferences_url": url_for("notifications.preferences", _external=True),
        "centre_url": url_for("notifications.index", _external=True),
    }


def build_event_mail(delivery: Delivery) -> Mail | None:
    """The email for one event, or None when there is nothing the user may still read."""
    user = delivery.user
    event = db.session.get(Event, delivery.event_id)
    if event is None:
        return None
    topic = topic_of(event.kind)
    if topic is None:
        return None
    with force_locale(_locale_of(user)), public_url_context():
        items = describe({item_ref(event)} | related_refs(event))
        item = items.get(item_ref(event))
        if item is None or not item.visible_to(user):
            return None
        actor = db.session.get(User, event.actor_id) if event.actor_id else None
        headline, detail = sentence(event, item, actor.display_name if actor else None, True,
                                    survivor_for(event, items, user))
        links = _links(user, topic)
        context = {
            "user": user, "headline": headline, "detail": detail, "url": absolute(item.url),
            "topic": TOPIC_BY_NAME[topic], **links,
        }
        text = render_template("email/notifications/event_text.html", **context).strip() + "\n"
        html = render_template("email/notifications/event.html", **context)
        subject = _("Spolu: %(headline)s", headline=headline)
    return Mail(
        to=user.email, subject=_one_line(subject), text=text, html=html,
        headers=_unsubscribe_headers(links["unsubscribe_url"]),
    )


def digest_notifications(delivery: Delivery) -> list[tuple[Notification, dict[str, int]]]:
    """The user's unread notifications of the period with the counts of the kinds this digest carries.

    A notification counts events of several kinds (comments daily, new
    proposals weekly...): it is in the digest when at least one of its kinds
    belongs to a topic the user wants in this digest, and shows only those.
    """
    start, end = bounds(delivery.period, delivery.period_start)
    rows = db.session.scalars(
        select(Notification)
        .where(
            Notification.user_id == delivery.user_id,
            Notification.read_at.is_(None),
            Notification.updated_at >= start,
            Notification.updated_at < end,
        )
        .options(joinedload(Notification.event))
        .order_by(Notification.updated_at, Notification.id)
    ).all()
    modes = preferences_of(delivery.user)
    chosen = []
    tallies = tallies_of(rows)
    for notification in rows:
        wanted = {kind: count for kind, count in tallies[notification.id].items()
                  if modes.get(topic_of(kind) or "") == delivery.period}
        if wanted:
            chosen.append((notification, wanted))
    return chosen


def _shorten(text: str, limit: int = 300) -> str:
    text = " ".join(str(text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def build_digest_mail(delivery: Delivery) -> Mail | None:
    """A digest of the period, each item once with its counts, or None when nothing is left to tell.

    At most NOTIFICATIONS_DIGEST_MAX_ITEMS items (the most recently active);
    the rest are counted and linked to the notification centre.
    """
    user = delivery.user
    chosen = digest_notifications(delivery)
    if not chosen:
        return None
    with force_locale(_locale_of(user)), public_url_context():
        events = [n.event for n, _ in chosen]
        bundles = {ref for ref in (bundle_ref(n) for n, _ in chosen) if ref is not None}
        items = describe({item_ref(e) for e in events} | {group_ref(e) for e in events} | bundles
                         | set().union(*(related_refs(e) for e in events)))
        actor_ids = {e.actor_id for e in events if e.actor_id}
        actors = dict(db.session.execute(
            select(User.id, User.display_name).where(User.id.in_(actor_ids))
        ).all()) if actor_ids else {}
        groups: list[dict] = []
        for notification, tallies in chosen:
            event = notification.event
            item = items.get(item_ref(event))
            ref = bundle_ref(notification) or group_ref(event)
            group_item = items.get(ref) or item
            if group_item is None or not group_item.visible_to(user):
                continue
            count = sum(tallies.values())
            if count == 1 and event.kind in tallies and item is not None and item.visible_to(user):
                headline, detail = sentence(event, item, actors.get(event.actor_id), True,
                                            survivor_for(event, items, user))
                url = absolute(item.url)
            else:
                headline = bundle_sentence(group_item.title, tallies)
                detail = ""
                if item is not None and item.visible_to(user) and event.kind in tallies:
                    latest, _detail = sentence(event, item, actors.get(event.actor_id), True,
                                               survivor_for(event, items, user))
                    detail = _("Latest: %(news)s", news=latest)
                url = absolute(group_item.url)
            groups.append({
                "title": group_item.title, "url": absolute(group_item.url), "count": count,
                "entries": [{"headline": headline, "detail": _shorten(detail), "url": url}],
            })
        if not groups:
            return None
        limit = max(1, int(current_app.config["NOTIFICATIONS_DIGEST_MAX_ITEMS"]))
        left_out = groups[:-limit] if len(groups) > limit else []
        shown = groups[-limit:]
        # The digest's link unsubscribes from the whole digest: every topic now sent in it.
        links = _links(user, f"@{delivery.period}")
        count = sum(g["count"] for g in groups)
        context = {
            "user": user, "groups": shown, "count": count,
            "more_items": len(left_out), "more_news": sum(g["count"] for g in left_out),
            "daily": delivery.period == DAILY, "period_start": delivery.period_start,
            **links,
        }
        text = render_template("email/notifications/digest_text.html", **context).strip() + "\n"
        html = render_template("email/notifications/digest.html", **context)
        if delivery.period == DAILY:
            subject = _("Spolu: your daily digest (%(count)s news)", count=count)
        else:
            subject = _("Spolu: your weekly digest (%(count)s news)", count=count)
    return Mail(to=user.email, subject=subject, text=text, html=html,
                headers=_unsubscribe_headers(links["unsubscribe_url"]))


def _one_line(text: str) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= 150 else text[:149] + "…"
