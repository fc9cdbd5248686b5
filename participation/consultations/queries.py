"""Reading consultations for lists: the published ones by phase, grouping and municipality."""

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from participation.consultations.models import (
    Consultation,
    ConsultationStatus,
    Question,
    Tally,
    consultation_municipality,
)
from participation.extensions import db

STATES = ("open", "upcoming", "closed", "all")


def filtered_list(state: str, grouping_id: int | None, municipality_id: int | None, now):
    """Published consultations in a phase ("open", "upcoming", "closed" or "all"), soonest relevant first."""
    statement = select(Consultation).where(Consultation.status == ConsultationStatus.PUBLISHED)
    if state == "open":
        statement = statement.where(Consultation.opens_at <= now, Consultation.closes_at > now)
        statement = statement.order_by(Consultation.closes_at, Consultation.id)
    elif state == "upcoming":
        statement = statement.where(Consultation.opens_at > now).order_by(Consultation.opens_at, Consultation.id)
    elif state == "closed":
        statement = statement.where(Consultation.closes_at <= now)
        statement = statement.order_by(Consultation.closes_at.desc(), Consultation.id.desc())
    else:
        statement = statement.order_by(Consultation.closes_at.desc(), Consultation.id.desc())
    if grouping_id:
        statement = statement.where(Consultation.grouping_id == grouping_id)
    if municipality_id:
        statement = statement.where(Consultation.id.in_(
            select(consultation_municipality.c.consultation_id)
            .where(consultation_municipality.c.municipality_id == municipality_id)
        ))
    return statement.options(joinedload(Consultation.grouping), selectinload(Consultation.municipalities))


def response_counts(consultation_ids) -> dict[int, int]:
    """How many responses each consultation has: the stored turnout (counters.py), one query."""
    if not consultation_ids:
        return {}
    return {consultation_id: int(total) for consultation_id, total in db.session.execute(
        select(Tally.consultation_id, func.sum(Tally.count))
        .where(Tally.consultation_id.in_(consultation_ids), Tally.kind == "turnout")
        .group_by(Tally.consultation_id)
    ).all() if total}


def load(consultation_id: int) -> Consultation | None:
    """The consultation with its grouping, municipalities, questions and options (who may see it is the caller's)."""
    return db.session.scalars(
        select(Consultation)
        .where(Consultation.id == consultation_id)
        .options(
            joinedload(Consultation.grouping),
            selectinload(Consultation.municipalities),
            selectinload(Consultation.questions).selectinload(Question.options),
        )
    ).first()
