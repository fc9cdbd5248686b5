"""What every item kind's services write alongside a change: its audit trail, its files."""

from contextlib import contextmanager
from datetime import date

from sqlalchemy import or_, select

from participation.audit import services as audit
from participation.audit.models import AuditEntry
from participation.common import storage
from participation.extensions import db
from participation.proposals.models import Proposal, ProposalStatus


def first_municipality_id(item) -> int | None:
    """The municipality an audit entry about the item is filed under (its first one)."""
    return item.municipalities[0].id if item.municipalities else None


def plain(value):
    """A value as the audit log's JSON keeps it: dates as ISO text, numbers as numbers, the rest as text."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    return None if value is None else str(value)


def snapshot(item, fields) -> dict:
    """The tracked fields' values before a change."""
    return {name: getattr(item, name) for name in fields}


def changed_fields(item, before: dict) -> dict:
    """Field name -> [before, after] for every tracked field the change altered."""
    return {name: [plain(value), plain(getattr(item, name))]
            for name, value in before.items() if value != getattr(item, name)}


def history(subject_type: str, item_id: int) -> list[AuditEntry]:
    """The item's dated changes, oldest first."""
    return list(db.session.scalars(
        select(AuditEntry).where(AuditEntry.subject_type == subject_type, AuditEntry.subject_id == item_id)
        .order_by(AuditEntry.created_at, AuditEntry.id)
    ))


def hidden_proposal_ids(entries) -> set[int]:
    """The proposals named in these entries that the public may not see (hidden or drafts): shown unnamed."""
    named = {int(entry.details["proposal_id"]) for entry in entries
             if isinstance(entry.details, dict) and str(entry.details.get("proposal_id", "")).isdigit()}
    if not named:
        return set()
    return set(db.session.scalars(select(Proposal.id).where(
        Proposal.id.in_(named), or_(Proposal.hidden_at.is_not(None), Proposal.status == ProposalStatus.DRAFT))))


@contextmanager
def stored_file_kept_on_commit(stored):
    """Undo the transaction and delete the just-stored file if writing its row fails."""
    try:
        yield
    except Exception:
        db.session.rollback()
        if stored:
            storage.delete(stored.key)
        raise


def remove_with_file(actor, item, row, file_key: str | None, action: str, details: dict) -> None:
    """Delete a child row (a document, an update) with an audit entry; its file goes once the row is gone."""
    audit.record(actor, action, item.__tablename__, item.id,
                 municipality_id=first_municipality_id(item), details=details)
    db.session.delete(row)
    db.session.commit()
    storage.delete(file_key)
