"""Emails: one per event (immediately) or a digest grouped by item.

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
from participation.notifications.messages import sentence
from participation.notifications.models import Delivery, Event, Notification
from participation.notifications.periods import bounds
from participation.notifications.services import preferences_of
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


def digest_notifications(delivery: Delivery) -> list[Notification]:
    """The user's unread notifications of the period whose topic they want in this digest."""
    start, end = bounds(delivery.period, delivery.period_start)
    rows = db.session.scalars(
        select(Notification)
        .where(
            Notification.user_id == delivery.user_id,
            Notification.read_at.is_(None),
            Notification.created_at >= start,
            Notification.created_at < end,
        )
        .options(joinedload(Notification.event))
        .order_by(Notification.created_at, Notification.id)
    ).all()
    modes = preferences_of(delivery.user)
    return [n for n in rows if modes.get(topic_of(n.event.kind) or "") == delivery.period]


def build_digest_mail(delivery: Delivery) -> Mail | None:
    """A digest of the period grouped by item, or None when nothing is left to tell."""
    user = delivery.user
    notifications = digest_notifications(delivery)
    if not notifications:
        return None
    with force_locale(_locale_of(user)), public_url_context():
        events = [n.event for n in notifications]
        items = describe({item_ref(e) for e in events} | {group_ref(e) for e in events}
                         | set().union(*(related_refs(e) for e in events)))
        actor_ids = {e.actor_id for e in events if e.actor_id}
        actors = dict(db.session.execute(
            select(User.id, User.display_name).where(User.id.in_(actor_ids))
        ).all()) if actor_ids else {}
        groups: dict = {}
        for event in events:
            item = items.get(item_ref(event))
            if item is None or not item.visible_to(user):
                continue
            headline, detail = sentence(event, item, actors.get(event.actor_id), True,
                                        survivor_for(event, items, user))
            group_item = items.get(group_ref(event)) or item
            group = groups.setdefault(group_ref(event), {
                "title": group_item.title, "url": absolute(group_item.url), "entries": [],
            })
            group["entries"].append({"headline": headline, "detail": detail, "url": absolute(item.url)})
        if not groups:
            return None
        # The digest's link unsubscribes from the whole digest: every topic now sent in it.
        links = _links(user, f"@{delivery.period}")
        count = sum(len(g["entries"]) for g in groups.values())
        context = {
            "user": user, "groups": list(groups.values()), "count": count,
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
