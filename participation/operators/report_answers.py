"""Operators' answers to single connection reports and the moderator's decision on a dispute: one transaction each.

An operator working in the locality's municipality confirms a report or disputes it with an
explanation; the reporter is told (by an event naming only the report, never them to the operator).
The municipality's moderator decides a dispute: upheld, the report stops counting for the
locality's status (withdrawn like an office report, kept as history); rejected, it keeps counting.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from participation.audit import services as audit
from participation.common.models import as_utc, utcnow
from participation.events.services import record_event
from participation.extensions import db
from participation.localities.models import ConnectionReport, Locality
from participation.localities.reports import refresh_status
from participation.localities.services import Invalid
from participation.operators.models import Operator, ReportAnswer, ReportAnswerKind

MAX_EXPLANATION = 1000
ALREADY_ANSWERED = _l("Your operator has already answered this report.")


def _explanation(kind: ReportAnswerKind, explanation: str) -> str:
    explanation = (explanation or "").strip()
    if kind == ReportAnswerKind.DISPUTE and not explanation:
        raise Invalid({"explanation": _l("Say why you dispute the report: what you offer there.")})
    if len(explanation) > MAX_EXPLANATION:
        raise Invalid({"explanation": _l("At most %(max)d characters.", max=MAX_EXPLANATION)})
    return explanation


def answer(user, operator: Operator, report: ConnectionReport, kind: ReportAnswerKind, explanation: str = "",
           now: datetime | None = None) -> ReportAnswer:
    """An operator's staff confirm or dispute a current report; a second answer by the operator is refused."""
    explanation = _explanation(kind, explanation)
    if report.superseded_at is not None:
        raise Invalid({"form": _l("This report no longer counts: there is nothing to answer.")})
    if answer_of(operator.id, report.id) is not None:
        raise Invalid({"form": ALREADY_ANSWERED})
    item = ReportAnswer(report_id=report.id, operator_id=operator.id, answered_by_id=user.id, kind=kind,
                        explanation=explanation, created_at=now or utcnow())
    db.session.add(item)
    try:
        db.session.flush()
    except IntegrityError:  # the same operator answered from another tab at the same moment
        db.session.rollback()
        raise Invalid({"form": ALREADY_ANSWERED}) from None
    locality = report.locality
    audit.record(user, "report_answer.create", "locality", locality.id, municipality_id=locality.municipality_id,
                 details={"report_id": report.id, "operator_id": operator.id, "kind": kind.value})
    record_event("report_answer.made", "locality", locality.id, None, report_id=report.id,
                 operator=operator.name, answer=kind.value)
    db.session.commit()
    return item


def decide(actor, item: ReportAnswer, uphold: bool, reason: str, now: datetime | None = None) -> None:
    """The municipality's moderator decides an operator's dispute of a report, with a reason."""
    reason = (reason or "").strip()
    if not reason:
        raise Invalid({"reason": _l("Give the reason for the decision.")})
    if item.kind != ReportAnswerKind.DISPUTE or item.decided_at is not None:
        raise Invalid({"form": _l("Only an undecided dispute waits for a decision.")})
    now = now or utcnow()
    item.decided_at, item.decided_by_id, item.upheld, item.decision_reason = now, actor.id, uphold, reason
    report = item.report
    if uphold and report.superseded_at is None:
        report.superseded_at = now
        db.session.flush()
        refresh_status(report.locality)
    locality = report.locality
    outcome = "upheld" if uphold else "rejected"
    audit.record(actor, "report_answer.decide", "locality", locality.id, reason=reason,
                 municipality_id=locality.municipality_id,
                 details={"report_id": report.id, "operator_id": item.operator_id, "outcome": outcome})
    record_event("report_answer.decided", "locality", locality.id, None, report_id=report.id,
                 operator=item.operator.name, outcome=outcome, reason=reason)
    db.session.commit()


# ----- reading -----

def answer_of(operator_id: int, report_id: int) -> ReportAnswer | None:
    return db.session.scalar(select(ReportAnswer).where(
        ReportAnswer.operator_id == operator_id, ReportAnswer.report_id == report_id))


def answers_by_report(operator_id: int, report_ids) -> dict[int, ReportAnswer]:
    """The operator's answers to these reports, by report (one query)."""
    ids = list(report_ids)
    if not ids:
        return {}
    return {item.report_id: item for item in db.session.scalars(select(ReportAnswer).where(
        ReportAnswer.operator_id == operator_id, ReportAnswer.report_id.in_(ids)))}


def load_report(report_id: int) -> ConnectionReport | None:
    return db.session.scalar(select(ConnectionReport).where(ConnectionReport.id == report_id).options(
        joinedload(ConnectionReport.locality).joinedload(Locality.municipality)))


def load(answer_id: int) -> ReportAnswer | None:
    """An answer with its operator, report, locality and municipality."""
    return db.session.scalar(select(ReportAnswer).where(ReportAnswer.id == answer_id).options(
        joinedload(ReportAnswer.operator),
        joinedload(ReportAnswer.report).joinedload(ConnectionReport.locality).joinedload(Locality.municipality)))


@dataclass
class WaitingDispute:
    answer: ReportAnswer
    locality: Locality
    age_days: int
    due: datetime
    overdue: bool


def waiting_disputes(municipality_ids, days: int, now: datetime | None = None, limit: int = 100):
    """Undecided disputes of reports in these municipalities (None: everywhere), the oldest first."""
    if municipality_ids is not None and not municipality_ids:
        return []
    statement = (select(ReportAnswer).join(ReportAnswer.report).join(ConnectionReport.locality).where(
        ReportAnswer.kind == ReportAnswerKind.DISPUTE, ReportAnswer.decided_at.is_(None))
        .options(joinedload(ReportAnswer.operator),
                 joinedload(ReportAnswer.report).joinedload(ConnectionReport.locality)
                 .joinedload(Locality.municipality))
        .order_by(ReportAnswer.created_at, ReportAnswer.id).limit(limit))
    if municipality_ids is not None:
        statement = statement.where(Locality.municipality_id.in_(sorted(municipality_ids)))
    now = now or utcnow()
    result = []
    for item in db.session.scalars(statement):
        since = as_utc(item.created_at)
        age = max(0, (now - since).days)
        result.append(WaitingDispute(item, item.report.locality, age, since + timedelta(days=days), age >= days))
    return result
