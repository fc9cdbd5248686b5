"""Reading operators and declarations: lists, pages, an operator's queue and what waits for moderators.

An operator's answer to a locality's reports is due within
`CONNECTIVITY_ANSWER_DAYS` of the first current report there that it has not
answered (a report newer than its current declaration about the locality).
Each list is one statement plus batch loads: a fixed number of queries.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from participation.common.models import as_utc, utcnow
from participation.extensions import db
from participation.localities.models import ConnectionReport, Locality
from participation.operators.models import (
    Declaration,
    DeclarationResponse,
    DeclarationState,
    Operator,
    operator_municipality,
)
from participation.operators.report_answers import waiting_disputes
from participation.permissions.scopes import scope_of

MAX_REPORTS_SHOWN = 200


def answer_days() -> int:
    return current_app.config["CONNECTIVITY_ANSWER_DAYS"]


def list_statement():
    """Operators by name, with their municipalities."""
    return select(Operator).options(selectinload(Operator.municipalities)).order_by(Operator.search_name, Operator.id)


def load_operator(operator_id: int) -> Operator | None:
    return db.session.scalar(select(Operator).where(Operator.id == operator_id)
                             .options(selectinload(Operator.municipalities)))


def load_declaration(declaration_id: int) -> Declaration | None:
    """A declaration with its operator, locality and the locality's municipality."""
    return db.session.scalar(select(Declaration).where(Declaration.id == declaration_id).options(
        joinedload(Declaration.operator), joinedload(Declaration.locality).joinedload(Locality.municipality)))


def of_locality(locality_id: int) -> list[Declaration]:
    """The operators' current declarations about a locality, by operator."""
    return list(db.session.scalars(select(Declaration).join(Declaration.operator).where(
        Declaration.locality_id == locality_id, Declaration.superseded_at.is_(None))
        .options(joinedload(Declaration.operator)).order_by(Operator.search_name, Declaration.id)))


def of_operator_statement(operator_id: int):
    """An operator's current declarations with their localities and municipalities, newest first."""
    return (select(Declaration).where(Declaration.operator_id == operator_id, Declaration.superseded_at.is_(None))
            .options(joinedload(Declaration.locality).joinedload(Locality.municipality))
            .order_by(Declaration.created_at.desc(), Declaration.id.desc()))


def operators_working_in(user, locality: Locality) -> list[Operator]:
    """The user's operators that work in the locality's municipality (whom they may declare for)."""
    operated = {operator_id for operator_id, municipality_id in scope_of(user).operated
                if municipality_id == locality.municipality_id}
    if not operated:
        return []
    return list(db.session.scalars(select(Operator).where(Operator.id.in_(operated)).order_by(Operator.search_name)))


def anonymised_reports(locality_id: int) -> list[ConnectionReport]:
    """A locality's current reports, newest first; callers show no reporter, note or recorder."""
    return list(db.session.scalars(select(ConnectionReport).where(
        ConnectionReport.locality_id == locality_id, ConnectionReport.superseded_at.is_(None))
        .order_by(ConnectionReport.created_at.desc()).limit(MAX_REPORTS_SHOWN)))


# ----- what waits -----

def _unanswered(operator_column, extra_where=()):
    """(operator, locality, first unanswered current report's time, unanswered reports) per pair."""
    current = select(Declaration.operator_id, Declaration.locality_id, Declaration.created_at).where(
        Declaration.superseded_at.is_(None)).subquery("answered")
    return (select(operator_column.label("operator_id"), ConnectionReport.locality_id.label("locality_id"),
                   func.min(ConnectionReport.created_at).label("since"), func.count().label("reports"))
            .select_from(ConnectionReport)
            .join(Locality, Locality.id == ConnectionReport.locality_id)
            .join(operator_municipality, operator_municipality.c.municipality_id == Locality.municipality_id)
            .outerjoin(current, and_(current.c.operator_id == operator_column,
                                     current.c.locality_id == ConnectionReport.locality_id))
            .where(ConnectionReport.superseded_at.is_(None),
                   or_(current.c.created_at.is_(None), ConnectionReport.created_at > current.c.created_at),
                   *extra_where)
            .group_by(operator_column, ConnectionReport.locality_id))


@dataclass
class Waiting:
    """A locality whose reports wait for an operator's answer, or a disputed declaration for a decision."""

    locality: Locality
    since: datetime
    age_days: int
    overdue: bool
    operator: Operator | None = None
    reports: int = 0
    declaration: Declaration | None = None
    due: datetime | None = None  # the deadline: `since` plus CONNECTIVITY_ANSWER_DAYS


def _waiting(rows, now: datetime, days: int) -> list[Waiting]:
    localities = {loc.id: loc for loc in db.session.scalars(select(Locality).where(
        Locality.id.in_({row.locality_id for row in rows})).options(joinedload(Locality.municipality)))}
    operators = {op.id: op for op in db.session.scalars(select(Operator).where(
        Operator.id.in_({row.operator_id for row in rows})))}
    result = []
    for row in rows:
        since = as_utc(row.since)
        age = max(0, (now - since).days)
        result.append(Waiting(localities[row.locality_id], since, age, age >= days,
                              operators[row.operator_id], row.reports, due=since + timedelta(days=days)))
    return result


def queue(operator: Operator, now: datetime | None = None, limit: int = 200) -> list[Waiting]:
    """Localities of the operator's municipalities with reports it has not answered, the longest waiting first."""
    column = operator_municipality.c.operator_id
    waiting = _unanswered(column, (column == operator.id,)).subquery()
    rows = db.session.execute(select(waiting).order_by(waiting.c.since, waiting.c.locality_id).limit(limit)).all()
    return _waiting(rows, now or utcnow(), answer_days()) if rows else []


def _staff_municipalities(user):
    """The municipalities whose localities the user decides about, or None for everywhere."""
    scope = scope_of(user)
    if scope.everywhere:
        return None
    ids = set(scope.moderated_municipality_ids)
    if scope.administrator:
        ids |= scope.municipality_ids
    return ids


def overdue_answers(user, now: datetime | None = None, limit: int = 100) -> list[Waiting]:
    """Operators' answers past their deadline in the user's municipalities, the longest waiting first."""
    now = now or utcnow()
    days = answer_days()
    municipalities = _staff_municipalities(user)
    if municipalities is not None and not municipalities:
        return []
    where = () if municipalities is None else (Locality.municipality_id.in_(sorted(municipalities)),)
    waiting = _unanswered(operator_municipality.c.operator_id, where).subquery()
    rows = db.session.execute(select(waiting).where(waiting.c.since <= now - timedelta(days=days))
                              .order_by(waiting.c.since, waiting.c.locality_id).limit(limit)).all()
    return _waiting(rows, now, days) if rows else []


def disputed(user, now: datetime | None = None, limit: int = 100) -> list[Waiting]:
    """Disputed declarations in the user's municipalities, waiting for a decision, the longest first."""
    now = now or utcnow()
    municipalities = _staff_municipalities(user)
    if municipalities is not None and not municipalities:
        return []
    statement = (select(Declaration).join(Declaration.locality).where(
        Declaration.state == DeclarationState.DISPUTED, Declaration.superseded_at.is_(None))
        .options(joinedload(Declaration.operator), joinedload(Declaration.locality).joinedload(Locality.municipality))
        .order_by(Declaration.disputed_at, Declaration.id).limit(limit))
    if municipalities is not None:
        statement = statement.where(Locality.municipality_id.in_(sorted(municipalities)))
    days = answer_days()
    result = []
    for declaration in db.session.scalars(statement):
        since = as_utc(declaration.disputed_at)
        age = max(0, (now - since).days)
        result.append(Waiting(declaration.locality, since, age, age >= days, declaration.operator,
                              declaration=declaration, due=since + timedelta(days=days)))
    return result


def disputed_reports(user, now: datetime | None = None) -> list:
    """Operators' disputes of single reports in the user's municipalities, waiting for a decision."""
    return waiting_disputes(_staff_municipalities(user), answer_days(), now)


def dispute_explanations(declaration_id: int) -> list[str]:
    """Residents' reasons for disputing a declaration, oldest first, without their names (for the moderator)."""
    return list(db.session.scalars(select(DeclarationResponse.explanation).where(
        DeclarationResponse.declaration_id == declaration_id, DeclarationResponse.agrees.is_(False))
        .order_by(DeclarationResponse.created_at, DeclarationResponse.id).limit(MAX_REPORTS_SHOWN)))
