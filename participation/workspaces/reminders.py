"""Reminders: tell a municipality's moderators once when an item has waited in their inbox too long.

`flask workspaces remind`, run daily, looks at every municipality that has a
moderator, takes what waits in its inbox (the same rows the inbox shows when
filtered by that municipality) and, for each item whose wait crossed one of
INBOX_REMINDER_DAYS, records an `inbox.reminder` event; the notifications
package delivers it to that municipality's moderators (in-app, and email per
their "work for moderators" preference).

An `inbox_reminder` row per (municipality, item, threshold) is what keeps the
command from reminding twice: run it twice a day, or again after a failure,
and nothing is repeated. The item's key carries the day it started waiting,
so a proposal answered and then waiting anew (a new report, a threshold
reached) is a new wait. When one run finds an item past several thresholds
(the first run after installing, or after a pause), one reminder is sent, for
the highest, and the lower ones are recorded as passed.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select

from participation.accounts.models import Role, RoleKind
from participation.common.models import as_utc, utcnow
from participation.events.services import record_event
from participation.extensions import db
from participation.workspaces.inbox import InboxFilters, waiting_statement
from participation.workspaces.models import InboxReminder


@dataclass(frozen=True)
class Waiting:
    municipality_id: int
    kind: str
    proposal_id: int | None
    comment_id: int | None
    since: datetime

    @property
    def item(self) -> str:
        """The key that stays the same for as long as this item waits in this way."""
        what = f"c{self.comment_id}" if self.comment_id is not None else f"p{self.proposal_id}"
        return f"{self.kind}:{what}:{self.since:%Y%m%d}"


@dataclass
class RemindResult:
    sent: int = 0
    municipalities: int = 0


def thresholds() -> tuple[int, ...]:
    """The waits (days) that deserve a reminder, shortest first (config INBOX_REMINDER_DAYS)."""
    return tuple(sorted({int(days) for days in current_app.config.get("INBOX_REMINDER_DAYS", ()) if int(days) > 0}))


def _moderated_municipalities() -> list[int]:
    return list(db.session.scalars(
        select(Role.municipality_id).where(Role.kind == RoleKind.MODERATOR, Role.municipality_id.is_not(None))
        .distinct().order_by(Role.municipality_id)
    ))


def waiting_longer_than(municipality_id: int, days: int, now: datetime) -> list[Waiting]:
    """What waits in the municipality's inbox for at least `days` days, oldest first."""
    limit = now - timedelta(days=days)
    rows = db.session.execute(waiting_statement(None, InboxFilters(municipality_id=municipality_id))).all()
    found = [Waiting(municipality_id, row.kind, row.proposal_id, row.comment_id, as_utc(row.since)) for row in rows]
    return [waiting for waiting in found if waiting.since <= limit]


def _sent_for(municipality_id: int) -> set[tuple[str, int]]:
    return set(db.session.execute(
        select(InboxReminder.item, InboxReminder.threshold_days).where(InboxReminder.municipality_id == municipality_id)
    ).all())


def _moderators(municipality_id: int) -> int:
    return len(set(db.session.scalars(select(Role.user_id).where(
        Role.kind == RoleKind.MODERATOR, Role.municipality_id == municipality_id))))


def _remind_municipality(municipality_id: int, steps: tuple[int, ...], now: datetime) -> int:
    """One municipality, one transaction: the reminders due, recorded and announced."""
    waiting = waiting_longer_than(municipality_id, steps[0], now)
    if not waiting:
        return 0
    sent = _sent_for(municipality_id)
    moderators = _moderators(municipality_id)
    count = 0
    for item in waiting:
        days = (now - item.since).days
        due = [step for step in steps if step <= days and (item.item, step) not in sent]
        if not due:
            continue
        for step in due:
            db.session.add(InboxReminder(municipality_id=municipality_id, item=item.item, threshold_days=step,
                                         waiting_since=item.since, sent_at=now, recipients=moderators))
        subject = ("comment", item.comment_id) if item.comment_id is not None else ("proposal", item.proposal_id)
        record_event("inbox.reminder", subject[0], subject[1], None, municipality_id=municipality_id,
                     waiting_kind=item.kind, threshold_days=max(due), days_waiting=days,
                     waiting_since=item.since.isoformat())
        count += 1
    db.session.commit()
    return count


def remind(now: datetime | None = None) -> RemindResult:
    """Send every reminder due now; safe to run any number of times."""
    now = now or utcnow()
    steps = thresholds()
    result = RemindResult()
    if not steps:
        return result
    for municipality_id in _moderated_municipalities():
        try:
            sent = _remind_municipality(municipality_id, steps, now)
        except Exception:
            db.session.rollback()
            raise
        if sent:
            result.sent += sent
            result.municipalities += 1
    return result
