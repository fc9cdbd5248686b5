"""The notification centre: reading, marking read, preferences and settings."""

from flask_babel import gettext as _
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from participation.accounts.models import User
from participation.common import page_cache
from participation.common.models import utcnow
from participation.common.pagination import Page, paginate
from participation.extensions import db
from participation.notifications.items import describe, item_ref, related_refs, survivor_for
from participation.notifications.messages import Entry, bundle_sentence, sentence
from participation.notifications.models import (
    Notification,
    NotificationPreference,
    NotificationSettings,
    NotificationTally,
)
from participation.notifications.topics import MODES, TOPIC_BY_NAME, TOPICS


def unread_count(user) -> int:
    """Unread notifications of a user, counted in SQL (one query)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return 0
    user_id = user.id

    def count() -> int:
        return db.session.scalar(
            select(func.count(Notification.id)).where(Notification.user_id == user_id, Notification.read_at.is_(None))
        ) or 0

    # Kept per person until one of their notifications changes (the header shows it on every page).
    return page_cache.remember("unread", user_id, count, scopes={Notification.__table__.name: f"user_id={user_id}"})


def notifications_of(user, unread_only: bool = False):
    statement = (
        select(Notification)
        .where(Notification.user_id == user.id)
        .options(joinedload(Notification.event))
        .order_by(Notification.updated_at.desc(), Notification.id.desc())
    )
    if unread_only:
        statement = statement.where(Notification.read_at.is_(None))
    return statement


def tallies_of(notifications) -> dict[int, dict[str, int]]:
    """Notification id -> {event kind: count since last read}, in one query.

    A notification without tallies (written before bundling) counts its one event.
    """
    ids = [n.id for n in notifications]
    found: dict[int, dict[str, int]] = {}
    if ids:
        for notification_id, kind, count in db.session.execute(
            select(NotificationTally.notification_id, NotificationTally.kind, NotificationTally.count)
            .where(NotificationTally.notification_id.in_(ids))
        ):
            found.setdefault(notification_id, {})[kind] = count
    return {n.id: found.get(n.id) or {n.event.kind: n.event_count or 1} for n in notifications}


def bundle_ref(notification) -> tuple[str, int] | None:
    if notification.subject_type and notification.subject_id is not None:
        return (notification.subject_type, int(notification.subject_id))
    return None


def entries_for(viewer, notifications) -> list[Entry]:
    """Sentences and links for notifications, in a fixed number of queries.

    A notification that counts one event tells it; one that counts several
    names the item once with the counts ("12 new comments and an official
    answer") and the newest event as its detail.
    """
    events = [n.event for n in notifications]
    refs = {item_ref(e) for e in events}.union(*(related_refs(e) for e in events))
    refs |= {ref for ref in (bundle_ref(n) for n in notifications) if ref is not None}
    items = describe(refs)
    tallies = tallies_of(notifications)
    actor_ids = {e.actor_id for e in events if e.actor_id}
    actors = dict(db.session.execute(
        select(User.id, User.display_name).where(User.id.in_(actor_ids))
    ).all()) if actor_ids else {}
    entries = []
    for notification in notifications:
        event = notification.event
        item = items.get(item_ref(event))
        may_see = item is not None and item.visible_to(viewer)
        text, detail = sentence(event, item, actors.get(event.actor_id), may_see,
                                survivor_for(event, items, viewer))
        url = item.url if may_see else None
        count = sum(tallies[notification.id].values())
        ref = bundle_ref(notification)
        if count > 1 and ref is not None:
            bundle = items.get(ref)
            bundle_visible = bundle is not None and bundle.visible_to(viewer)
            title = bundle.title if bundle_visible else _("an item that is no longer shown")
            text, detail = bundle_sentence(title, tallies[notification.id]), _("Latest: %(news)s", news=text)
            url = bundle.url if bundle_visible else None
        entries.append(Entry(
            id=notification.id, kind=event.kind, text=text, detail=detail,
            url=url, created_at=notification.updated_at or notification.created_at,
            read=notification.read_at is not None, count=count,
        ))
    return entries


def page_of_entries(user, page: int, per_page: int, unread_only: bool = False) -> tuple[Page, list[Entry]]:
    result = paginate(notifications_of(user, unread_only), page, per_page)
    return result, entries_for(user, result.items)


def get_own(user, notification_id: int) -> Notification | None:
    return db.session.scalar(
        select(Notification)
        .where(Notification.id == notification_id, Notification.user_id == user.id)
        .options(joinedload(Notification.event))
    )


def mark_read(user, notification: Notification) -> None:
    """Mark one of the user's notifications read (idempotent) and commit."""
    if notification.user_id != user.id:
        raise PermissionError("not your notification")
    if notification.read_at is None:
        notification.read_at = utcnow()
    db.session.commit()


def mark_all_read(user) -> int:
    """Mark every unread notification of the user read; returns how many. Commits."""
    result = db.session.execute(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return result.rowcount or 0


# --- preferences -------------------------------------------------------------


def preferences_of(user) -> dict[str, str]:
    """Email mode per topic: the user's choice or the topic's default."""
    chosen = dict(db.session.execute(
        select(NotificationPreference.topic, NotificationPreference.mode)
        .where(NotificationPreference.user_id == user.id)
    ).all())
    return {t.name: chosen.get(t.name, t.default) for t in TOPICS}


def set_preference_in_transaction(user_id: int, topic: str, mode: str) -> None:
    if topic not in TOPIC_BY_NAME or mode not in MODES:
        raise ValueError(f"unknown topic or mode: {topic!r} {mode!r}")
    row = db.session.scalar(
        select(NotificationPreference).where(
            NotificationPreference.user_id == user_id, NotificationPreference.topic == topic
        )
    )
    if row is None:
        try:
            with db.session.begin_nested():
                db.session.add(NotificationPreference(user_id=user_id, topic=topic, mode=mode))
            return
        except IntegrityError:  # saved by a parallel request: update that one
            row = db.session.scalar(select(NotificationPreference).where(
                NotificationPreference.user_id == user_id, NotificationPreference.topic == topic))
    row.mode = mode


def save_preferences(user, modes: dict[str, str], auto_follow: dict[str, bool]) -> None:
    """Store email modes per topic and the auto-follow switches; one commit."""
    for topic, mode in modes.items():
        set_preference_in_transaction(user.id, topic, mode)
    settings = settings_of(user, create=True)
    for trigger, enabled in auto_follow.items():
        setattr(settings, f"auto_follow_{trigger}", bool(enabled))
    db.session.commit()


def settings_of(user, create: bool = False) -> NotificationSettings | None:
    settings = db.session.get(NotificationSettings, user.id)
    if settings is None and create:
        settings = NotificationSettings(
            user_id=user.id, auto_follow_create=True, auto_follow_support=True, auto_follow_comment=True
        )
        db.session.add(settings)
    return settings


def unsubscribe(user_id: int, topic: str) -> list[str]:
    """Stop email for a topic, or for a whole digest ("@daily", "@weekly"); returns the topics changed."""
    user = db.session.get(User, user_id)
    if user is None or user.is_deleted:
        return []
    if topic.startswith("@"):
        period = topic[1:]
        topics = [name for name, mode in preferences_of(user).items() if mode == period]
    elif topic in TOPIC_BY_NAME:
        topics = [topic]
    else:
        return []
    for name in topics:
        set_preference_in_transaction(user.id, name, "never")
    db.session.commit()
    return topics
