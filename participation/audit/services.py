"""Writing to the audit log. Callers commit; the entry joins their transaction."""

from participation.audit.models import AuditEntry
from participation.extensions import db


def record(
    actor,
    action: str,
    subject_type: str,
    subject_id: int | None = None,
    *,
    reason: str = "",
    municipality_id: int | None = None,
    target_user=None,
    details: dict | None = None,
) -> AuditEntry:
    """Add an audit entry to the current transaction (the caller commits)."""
    entry = AuditEntry(
        actor_id=getattr(actor, "id", None),
        action=action,
        subject_type=subject_type,
        subject_id=subject_id,
        reason=reason or "",
        municipality_id=municipality_id,
        target_user_id=getattr(target_user, "id", None),
        details=details or {},
    )
    db.session.add(entry)
    return entry
