"""Every change in moderation goes through here: reports, hiding, blocks.

Every moderator action writes an audit entry (with the municipality, so the
transparency page can count per municipality and month) and, where the
author should hear about it, an event.
"""

from datetime import timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from participation.audit import services as audit
from participation.common.models import utcnow
from participation.events.services import record_event
from participation.extensions import db
from participation.moderation import blocks
from participation.moderation.items import Item
from participation.moderation.models import PostingBlock, Report, ReportReason, ReportResolution
from participation.permissions import moderation as rules
from participation.permissions.scopes import scope_of

BLOCK_DAYS = (1, 3, 7, 30, 90)


class ModerationRefused(Exception):
    """A rule stopped the action; the message is shown to the user."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def hide_threshold() -> int:
    return int(current_app.config["SPOLU_REPORT_HIDE_THRESHOLD"])


def _item_column(item: Item):
    return Report.proposal_id if item.kind == "proposal" else Report.comment_id


def audit_municipality(actor, municipality_ids) -> int | None:
    """The municipality an action is counted under: one in the actor's scope, else the first."""
    ids = sorted(municipality_ids)
    if not ids:
        return None
    scope = scope_of(actor) if actor is not None else None
    if scope is not None and not scope.everywhere:
        for municipality_id in ids:
            if municipality_id in scope.municipality_ids:
                return municipality_id
    return ids[0]


def open_report_count(item: Item) -> int:
    return db.session.scalar(
        select(func.count()).select_from(Report).where(_item_column(item) == item.id, Report.resolved_at.is_(None))
    ) or 0


def already_reported(user, item: Item) -> bool:
    return db.session.scalar(
        select(Report.id).where(_item_column(item) == item.id, Report.reporter_id == user.id).limit(1)
    ) is not None


def report_refusal(user, item: Item):
    """Why this user may not report this item (a lazy message), or None when they may."""
    if rules.is_author_of(user, item):
        return _l("You cannot report your own contribution.")
    if not getattr(user, "is_confirmed", False):
        return _l("Confirm your email address first; then you can report contributions.")
    if not rules.may_report_at_all(user, item):
        return _l("While you are blocked from posting here, you cannot report contributions here either.")
    return None


def established_report_count(item: Item) -> int:
    """Open reports from distinct confirmed, active accounts older than SPOLU_REPORT_MIN_ACCOUNT_AGE_DAYS.

    Only these count towards hiding an item automatically, so a handful of
    throwaway accounts made today cannot hide anything.
    """
    from participation.accounts.models import User

    days = int(current_app.config.get("SPOLU_REPORT_MIN_ACCOUNT_AGE_DAYS", 7))
    return db.session.scalar(
        select(func.count(func.distinct(Report.reporter_id))).join(User, User.id == Report.reporter_id)
        .where(_item_column(item) == item.id, Report.resolved_at.is_(None),
               User.email_confirmed_at.is_not(None), User.deleted_at.is_(None), User.is_active_account.is_(True),
               User.created_at <= utcnow() - timedelta(days=days))
    ) or 0


def report(user, item: Item, reason: ReportReason, note: str = "") -> Report:
    """A user reports an item, once; enough reports from established accounts hide it until reviewed."""
    refusal = report_refusal(user, item)
    if refusal is not None:
        raise ModerationRefused(refusal)
    if already_reported(user, item):
        raise ModerationRefused(_l("You have already reported this. Thank you, moderators will look at it."))
    entry = Report(reporter_id=user.id, reason=reason, note=(note or "").strip())
    if item.kind == "proposal":
        entry.proposal_id = item.id
    else:
        entry.comment_id = item.id
    db.session.add(entry)
    try:
        db.session.flush()
    except IntegrityError:  # the same report sent twice at once
        db.session.rollback()
        raise ModerationRefused(_l("You have already reported this. Thank you, moderators will look at it.")) from None
    record_event("report.created", item.kind, item.id, None, reason=str(reason),
                 municipality_ids=sorted(item.municipality_ids))
    count = established_report_count(item)
    if not item.is_hidden and count >= hide_threshold():
        _auto_hide(item, count)
    db.session.commit()
    return entry


def _most_common_reason(item: Item) -> str:
    row = db.session.execute(
        select(Report.reason, func.count().label("n")).where(_item_column(item) == item.id, Report.resolved_at.is_(None))
        .group_by(Report.reason).order_by(func.count().desc(), Report.reason).limit(1)
    ).first()
    return str(row[0]) if row else str(ReportReason.OTHER)


def _auto_hide(item: Item, count: int) -> None:
    reason_code = _most_common_reason(item)
    _set_hidden(item, None, reason_code, "")
    audit.record(None, f"{item.kind}.auto_hide", item.kind, item.id,
                 municipality_id=audit_municipality(None, item.municipality_ids),
                 target_user=item.obj.author,
                 details={"reason_code": reason_code, "reports": count})
    record_event("item.hidden", item.kind, item.id, None, author_id=item.author_id,
                 reason_code=reason_code, automatic=True)


def _set_hidden(item: Item, actor, reason_code: str, explanation: str) -> None:
    obj = item.obj
    obj.hidden_at = utcnow()
    obj.hidden_by_id = getattr(actor, "id", None)
    obj.hidden_reason = explanation[:500]
    if item.kind == "comment":
        obj.hidden_reason_code = reason_code


def _resolve_reports(item: Item, actor, resolution: ReportResolution) -> int:
    result = db.session.execute(
        update(Report).where(_item_column(item) == item.id, Report.resolved_at.is_(None))
        .values(resolved_at=utcnow(), resolved_by_id=actor.id, resolution=resolution)
    )
    return result.rowcount or 0


def _label_text(label) -> str:
    """A lazy label as text, also outside a request (in the site's default language)."""
    from flask import has_request_context
    from flask_babel import force_locale

    if has_request_context():
        return str(label)
    with force_locale(current_app.config.get("BABEL_DEFAULT_LOCALE", "cs")):
        return str(label)


def hide(actor, item: Item, reason_code: ReportReason, explanation: str = "") -> None:
    """A moderator hides an item; its author is told the reason."""
    if item.is_hidden and not item.hidden_automatically:
        raise ModerationRefused(_l("This is already hidden."))
    from participation.moderation.labels import reason_label

    explanation = (explanation or "").strip()
    # What the public sees in place of the text: the moderator's words, else the reason
    # (comments keep the reason's code and are worded in each reader's language).
    shown = explanation or _label_text(reason_label(reason_code))
    _set_hidden(item, actor, str(reason_code), explanation if item.kind == "comment" else shown)
    resolved = _resolve_reports(item, actor, ReportResolution.HIDDEN)
    audit.record(actor, f"{item.kind}.hide", item.kind, item.id, reason=shown,
                 municipality_id=audit_municipality(actor, item.municipality_ids),
                 target_user=item.obj.author,
                 details={"reason_code": str(reason_code), "reports_resolved": resolved})
    record_event("item.hidden", item.kind, item.id, actor, author_id=item.author_id,
                 reason_code=str(reason_code), reason=shown, automatic=False)
    db.session.commit()


def unhide(actor, item: Item, note: str = "") -> None:
    """A moderator shows a hidden item again; open reports count as reviewed."""
    if not item.is_hidden:
        raise ModerationRefused(_l("This is not hidden."))
    obj = item.obj
    obj.hidden_at = None
    obj.hidden_by_id = None
    obj.hidden_reason = ""
    if item.kind == "comment":
        obj.hidden_reason_code = ""
    resolved = _resolve_reports(item, actor, ReportResolution.RESTORED)
    audit.record(actor, f"{item.kind}.unhide", item.kind, item.id, reason=(note or "").strip(),
                 municipality_id=audit_municipality(actor, item.municipality_ids),
                 target_user=item.obj.author, details={"reports_resolved": resolved})
    db.session.commit()


def dismiss(actor, item: Item, note: str = "") -> None:
    """A moderator finds nothing wrong: the reports close and an automatic hiding ends."""
    resolved = _resolve_reports(item, actor, ReportResolution.DISMISSED)
    if not resolved and not item.hidden_automatically:
        raise ModerationRefused(_l("There are no open reports to dismiss."))
    was_hidden = item.hidden_automatically
    if was_hidden:
        item.obj.hidden_at = None
        item.obj.hidden_reason = ""
        if item.kind == "comment":
            item.obj.hidden_reason_code = ""
    audit.record(actor, f"{item.kind}.dismiss_reports", item.kind, item.id, reason=(note or "").strip(),
                 municipality_id=audit_municipality(actor, item.municipality_ids),
                 target_user=item.obj.author,
                 details={"reports_resolved": resolved, "unhidden": was_hidden})
    db.session.commit()


def block_user(actor, user, municipality_id: int | None, days: int, reason: str) -> PostingBlock:
    """Stop a user posting for `days` days, in one municipality or (administrators) everywhere."""
    if user.id == actor.id:
        raise ModerationRefused(_l("You cannot block yourself."))
    if not rules.can_block_user(actor, user, municipality_id):
        raise ModerationRefused(_l("You cannot block an administrator, nor a moderator whose scope "
                                   "covers the same place as yours."))
    if days not in BLOCK_DAYS:
        raise ModerationRefused(_l("Choose one of the offered durations."))
    block = PostingBlock(user_id=user.id, municipality_id=municipality_id, blocked_by_id=actor.id,
                         reason=(reason or "").strip()[:500], ends_at=utcnow() + timedelta(days=days))
    db.session.add(block)
    db.session.flush()
    audit.record(actor, "user.block", "user", user.id, reason=block.reason,
                 municipality_id=municipality_id, target_user=user,
                 details={"days": days, "block_id": block.id, "everywhere": municipality_id is None})
    record_event("user.blocked", "user", user.id, actor, ends_at=block.ends_at.isoformat(),
                 reason=block.reason, municipality_id=municipality_id)
    db.session.commit()
    blocks.forget_answers()
    return block


def lift_block(actor, block: PostingBlock, note: str = "") -> None:
    if block.lifted_at is not None:
        raise ModerationRefused(_l("This block was already lifted."))
    block.lifted_at = utcnow()
    block.lifted_by_id = actor.id
    audit.record(actor, "user.unblock", "user", block.user_id, reason=(note or "").strip(),
                 municipality_id=block.municipality_id, target_user=block.user,
                 details={"block_id": block.id})
    db.session.commit()
    blocks.forget_answers()
