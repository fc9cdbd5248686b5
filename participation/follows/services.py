"""Following: a user asks to hear about one thing.

`follow`, `unfollow` commit. `follow_in_transaction` and `auto_follow` add to
the caller's transaction (inside a savepoint, so a duplicate never breaks it)
and are what other domains call when a user creates, supports or comments.
"""

from sqlalchemy import delete, exists, func, or_, select

from participation.common import page_cache
from participation.common.counters import insert_ignoring_conflict
from participation.common.models import utcnow
from participation.extensions import db
from participation.follows.models import Follow, FollowerCount
from participation.follows.targets import available_types, target_type, type_of

AUTO_FOLLOW_TRIGGERS = ("create", "support", "comment")


def _user_id(user) -> int | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return user.id


def follow_in_transaction(user, target, when=None) -> bool:
    """Follow `target` inside the caller's transaction; True if a new follow was added.

    Idempotent: an existing follow (even one added concurrently) is left alone.
    `when`: a SQL condition the same statement checks (auto_follow's setting).
    """
    kind = type_of(target)
    user_id = _user_id(user)
    if user_id is None or getattr(user, "is_deleted", False):
        return False
    # One statement: the unique constraint keeps an existing (or a parallel) follow alone.
    return insert_ignoring_conflict(Follow, when=when, user_id=user_id, created_at=utcnow(),
                                    **{kind.column.key: target.id})


def follow(user, target) -> bool:
    """Follow `target` and commit; True if it was not followed before."""
    added = follow_in_transaction(user, target)
    db.session.commit()
    return added


def unfollow(user, target) -> bool:
    """Stop following `target` and commit; True if a follow was removed."""
    kind = type_of(target)
    user_id = _user_id(user)
    if user_id is None:
        return False
    result = db.session.execute(
        delete(Follow).where(Follow.user_id == user_id, kind.column == target.id)
    )
    db.session.commit()
    return bool(result.rowcount)


def is_following(user, target) -> bool:
    """Does `user` follow `target`? Visitors follow nothing."""
    kind = type_of(target)
    user_id = _user_id(user)
    if user_id is None or target.id is None:
        return False
    found = db.session.scalar(
        select(Follow.id).where(Follow.user_id == user_id, kind.column == target.id).limit(1)
    )
    return found is not None


def follower_count(target) -> int:
    """How many people follow `target`: the stored count (kept by triggers on `follow`)."""
    kind = type_of(target)
    return db.session.scalar(
        select(FollowerCount.followers).where(
            FollowerCount.subject_type == kind.name, FollowerCount.subject_id == target.id)
    ) or 0


# A person follows a handful of municipalities and groupings, whose pages they open again and again: the
# button's two figures for those are kept (page_cache.remember) until a follow changes.
REMEMBERED_TYPES = ("municipality", "grouping")


def _followed_places(user_id: int) -> frozenset[tuple[str, int]]:
    kinds = [kind for kind in map(target_type, REMEMBERED_TYPES) if kind is not None]
    columns = [kind.column for kind in kinds]
    rows = db.session.execute(select(*columns).where(Follow.user_id == user_id, or_(*(c.is_not(None) for c in columns))))
    return frozenset((kind.name, value) for row in rows for kind, value in zip(kinds, row, strict=True)
                     if value is not None)


def following_and_count(user, target) -> tuple[bool, int]:
    """`is_following` and `follower_count` in one statement (the follow button asks both on every page)."""
    kind = type_of(target)
    user_id = _user_id(user)
    if user_id is None or target.id is None:
        return False, follower_count(target)
    if kind.name in REMEMBERED_TYPES:
        places = page_cache.remember("followed-places", user_id, lambda: _followed_places(user_id))
        count = page_cache.remember("follower-count", f"{kind.name}:{target.id}", lambda: follower_count(target))
        return (kind.name, target.id) in places, count
    count = select(FollowerCount.followers).where(
        FollowerCount.subject_type == kind.name, FollowerCount.subject_id == target.id).scalar_subquery()
    following = select(Follow.id).where(Follow.user_id == user_id, kind.column == target.id).exists()
    row = db.session.execute(select(following, count)).one()
    return bool(row[0]), row[1] or 0


def followed_ids(user, subject_type: str, ids) -> set[int]:
    """Of the given ids of one type, those `user` follows (one query, for list pages)."""
    from participation.follows.targets import target_type

    kind = target_type(subject_type)
    user_id = _user_id(user)
    ids = [i for i in ids if i is not None]
    if kind is None or user_id is None or not ids:
        return set()
    return set(
        db.session.scalars(select(kind.column).where(Follow.user_id == user_id, kind.column.in_(ids)))
    )


def follower_counts(subject_type: str, ids) -> dict[int, int]:
    """Follower counts for many items of one type (one grouped query)."""
    from participation.follows.targets import target_type

    kind = target_type(subject_type)
    ids = [i for i in ids if i is not None]
    if kind is None or not ids:
        return {}
    rows = db.session.execute(
        select(FollowerCount.subject_id, FollowerCount.followers).where(
            FollowerCount.subject_type == kind.name, FollowerCount.subject_id.in_(ids),
            FollowerCount.followers > 0)
    )
    return {target_id: count for target_id, count in rows}


def auto_follow(user, target, trigger: str) -> bool:
    """Follow `target` because the user created, supported or commented on it.

    Respects the user's auto-follow switches (notification settings); the
    caller commits.
    """
    if trigger not in AUTO_FOLLOW_TRIGGERS:
        raise ValueError(f"unknown auto-follow trigger {trigger!r}")
    user_id = _user_id(user)
    if user_id is None:
        return False
    # The switch is read by the insert itself: one statement for a support, not two.
    return follow_in_transaction(user, target, when=~_switched_off(user_id, trigger))


def _switched_off(user_id: int, trigger: str):
    """The user switched following on `trigger` off (no settings row: on)."""
    from participation.notifications.models import NotificationSettings

    return exists().where(NotificationSettings.user_id == user_id,
                          getattr(NotificationSettings, f"auto_follow_{trigger}").is_not(True))


def wants_auto_follow(user, trigger: str) -> bool:
    """The user's switch for following automatically on `trigger` (on by default)."""
    return auto_follow_enabled(user, trigger)


def auto_follow_enabled(user, trigger: str) -> bool:
    """On unless the user switched it off in their notification preferences (the rule auto_follow's insert reads)."""
    return not db.session.scalar(select(_switched_off(user.id, trigger)))


def follows_of(user, subject_type: str):
    """A select of the user's follows of one type, newest first (for paginating)."""
    from participation.follows.targets import target_type

    kind = target_type(subject_type)
    return (
        select(Follow)
        .where(Follow.user_id == user.id, kind.column.is_not(None))
        .order_by(Follow.created_at.desc(), Follow.id.desc())
    )


PLACE_TYPES = ("municipality", "grouping", "locality")


def followed_places(user, limit: int = 50) -> list[tuple[str, object]]:
    """The municipalities, groupings and localities `user` follows, (type, target) by name; one query per type."""
    from participation.follows.targets import target_type

    places = []
    for name in PLACE_TYPES:
        kind = target_type(name)
        if kind is None or _user_id(user) is None:
            continue
        targets = db.session.scalars(
            select(kind.model)
            .where(kind.model.id.in_(select(kind.column).where(Follow.user_id == user.id)))
            .order_by(kind.model.name)
            .limit(limit)
        )
        places += [(name, target) for target in targets]
    return places


def count_follows_by_type(user) -> dict[str, int]:
    """How many things of each type the user follows, in one query."""
    kinds = available_types()
    if not kinds:
        return {}
    columns = [func.count(kind.column).label(kind.name) for kind in kinds]
    row = db.session.execute(select(*columns).where(Follow.user_id == user.id)).one()
    return {kind.name: row._mapping[kind.name] for kind in kinds}
