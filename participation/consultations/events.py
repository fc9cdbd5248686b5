"""The dated events of a consultation, recorded at most once each by `flask consultations tick`.

- "consultation.opened": published and its opening time has come;
- "consultation.closing_soon": open, and 48 hours or less before closing;
- "consultation.results_published": closed, so its results are public.

A column on the consultation remembers when each was recorded, so running
the command twice (or from two schedulers) records nothing twice. The
notifications domain delivers them to residents of the participating
municipalities named in the payload.
"""

from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import selectinload

from participation.common.models import utcnow
from participation.consultations.models import Consultation, ConsultationStatus
from participation.events.services import record_event
from participation.extensions import db

CLOSING_SOON = timedelta(hours=48)


def _claim(consultation: Consultation, column: str, now: datetime) -> bool:
    """Set the event column if still empty; False when another run got there first."""
    attribute = getattr(Consultation, column)
    result = db.session.execute(
        update(Consultation)
        .where(Consultation.id == consultation.id, attribute.is_(None))
        .values({column: now})
        .execution_options(synchronize_session=False)
    )
    if result.rowcount:
        setattr(consultation, column, now)
        return True
    return False


def _payload(consultation: Consultation) -> dict:
    return {
        "title": consultation.title,
        "grouping_id": consultation.grouping_id,
        "municipality_ids": [m.id for m in consultation.municipalities],
        "closes_at": consultation.closes_at.isoformat(),
    }


def record_due_events_in_transaction(consultation: Consultation, now: datetime) -> list[str]:
    """Record the events this consultation is due for and has not had yet; the caller commits."""
    if not consultation.is_published or now < consultation.opens_at:
        return []
    recorded = []
    closed = now >= consultation.closes_at
    if consultation.opened_event_at is None and not closed and _claim(consultation, "opened_event_at", now):
        recorded.append("consultation.opened")
    if (consultation.closing_soon_event_at is None and not closed
            and now >= consultation.closes_at - CLOSING_SOON
            and _claim(consultation, "closing_soon_event_at", now)):
        recorded.append("consultation.closing_soon")
    if consultation.results_event_at is None and closed and _claim(consultation, "results_event_at", now):
        recorded.append("consultation.results_published")
    for kind in recorded:
        record_event(kind, "consultation", consultation.id, **_payload(consultation))
    return recorded


def tick(now: datetime | None = None) -> list[tuple[int, str]]:
    """Record every due consultation event; idempotent. Returns (consultation id, kind) pairs."""
    now = now or utcnow()
    due = db.session.scalars(
        select(Consultation)
        .where(
            Consultation.status == ConsultationStatus.PUBLISHED,
            Consultation.opens_at <= now,
            or_(
                Consultation.results_event_at.is_(None),
                Consultation.closing_soon_event_at.is_(None) & (Consultation.closes_at > now),
            ),
        )
        .options(selectinload(Consultation.municipalities))
        .order_by(Consultation.id)
    ).all()
    recorded = []
    for consultation in due:
        recorded += [(consultation.id, kind) for kind in record_due_events_in_transaction(consultation, now)]
    db.session.commit()
    return recorded
