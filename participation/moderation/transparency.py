"""Public counts of moderation per municipality and month, never the hidden text."""

from dataclasses import dataclass, field

from sqlalchemy import func, select

from participation.audit.models import AuditEntry
from participation.common.text import fold
from participation.extensions import db
from participation.territory.models import Municipality

HIDE_ACTIONS = ("comment.hide", "proposal.hide")
AUTO_HIDE_ACTIONS = ("comment.auto_hide", "proposal.auto_hide")
UNHIDE_ACTIONS = ("comment.unhide", "proposal.unhide")
COUNTED_ACTIONS = HIDE_ACTIONS + AUTO_HIDE_ACTIONS + UNHIDE_ACTIONS


@dataclass
class MonthRow:
    month: str  # "2026-11"
    municipality_id: int | None
    municipality_name: str
    hidden: int = 0
    hidden_automatically: int = 0
    restored: int = 0
    reasons: dict[str, int] = field(default_factory=dict)


def _month(column):
    if db.engine.dialect.name == "postgresql":
        return func.to_char(func.timezone("UTC", column), "YYYY-MM")
    return func.strftime("%Y-%m", column)


def available_years() -> list[int]:
    months = db.session.scalars(
        select(_month(AuditEntry.created_at)).where(AuditEntry.action.in_(COUNTED_ACTIONS)).distinct()
    )
    return sorted({int(m[:4]) for m in months if m}, reverse=True)


def monthly_counts(year: int, municipality_id: int | None = None) -> list[MonthRow]:
    """One query: counts per month, municipality, action and reason, folded into rows."""
    month = _month(AuditEntry.created_at).label("month")
    reason = AuditEntry.details["reason_code"].as_string().label("reason")
    statement = (
        select(month, AuditEntry.municipality_id, Municipality.name, AuditEntry.action, reason, func.count())
        .outerjoin(Municipality, Municipality.id == AuditEntry.municipality_id)
        .where(AuditEntry.action.in_(COUNTED_ACTIONS), month.like(f"{year:04d}-%"))
        .group_by(month, AuditEntry.municipality_id, Municipality.name, AuditEntry.action, reason)
    )
    if municipality_id is not None:
        statement = statement.where(AuditEntry.municipality_id == municipality_id)
    rows: dict[tuple[str, int | None], MonthRow] = {}
    for month_value, muni_id, name, action, reason_code, number in db.session.execute(statement):
        row = rows.setdefault((month_value, muni_id), MonthRow(month_value, muni_id, name or ""))
        if action in HIDE_ACTIONS:
            row.hidden += number
            key = reason_code or "other"
            row.reasons[key] = row.reasons.get(key, 0) + number
        elif action in AUTO_HIDE_ACTIONS:
            row.hidden_automatically += number
        else:
            row.restored += number
    by_name = sorted(rows.values(), key=lambda r: fold(r.municipality_name))
    return sorted(by_name, key=lambda r: r.month, reverse=True)


def year_by_municipality(rows: list[MonthRow]) -> list[MonthRow]:
    """The months' rows added up per municipality, in the order of names, for the year's chart."""
    totals: dict[int | None, MonthRow] = {}
    for row in rows:
        total = totals.setdefault(row.municipality_id, MonthRow("", row.municipality_id, row.municipality_name))
        total.hidden += row.hidden
        total.hidden_automatically += row.hidden_automatically
        total.restored += row.restored
    return sorted(totals.values(), key=lambda r: (r.municipality_id is None, fold(r.municipality_name)))
