"""Public response times: days from a proposal's publication to its first official answer.

Per municipality and per grouping, over the proposals published in the last
365 days, one SQL statement each:

- counted: published proposals that are not hidden, not withdrawn by their
  author and not merged into another proposal (nobody waits for an answer to
  those); drafts were never published;
- a proposal counts for every municipality it touches, and once for every
  grouping one of whose current members it touches;
- an answer counts only for whom it was given: for a municipality, the first
  official answer given on behalf of that municipality (by its moderator);
  for a grouping, the first given on behalf of the grouping or of one of its
  current members. A neighbour's answer does not make another municipality
  look quick. An answer on behalf of nobody (older data) counts for nobody;
- its response time is the days (fractional) from `published_at` to that first
  answer (0 if the answer is dated earlier);
- unanswered proposals count in the share answered, not in the percentiles;
- percentiles use the nearest-rank method: with n answered proposals sorted by
  days, the p-th percentile is the value at rank ceil(p/100 * n). The median
  (p = 50) of an even count is therefore the lower of the two middle values.
  The rank is picked with row_number() and count() over a partition, which
  SQLite (3.25+) and PostgreSQL both run; percentile_cont exists only on
  PostgreSQL.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Float, and_, case, func, null, select, union_all
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from participation.common.models import utcnow
from participation.extensions import db
from participation.proposals.models import OfficialAnswer, Proposal, ProposalStatus, proposal_municipality
from participation.stats.ordering import czech_key
from participation.territory.models import Grouping, GroupingMembership, Municipality

WINDOW = timedelta(days=365)
NOT_COUNTED = (ProposalStatus.DRAFT, ProposalStatus.WITHDRAWN, ProposalStatus.MERGED)


class days_between(FunctionElement):
    """Fractional days from `start` to `end`, on SQLite and PostgreSQL."""

    type = Float()
    inherit_cache = True
    name = "days_between"


@compiles(days_between, "sqlite")
def _days_between_sqlite(element, compiler, **kw):
    start, end = list(element.clauses)
    return f"(julianday({compiler.process(end, **kw)}) - julianday({compiler.process(start, **kw)}))"


@compiles(days_between)
def _days_between_default(element, compiler, **kw):
    start, end = list(element.clauses)
    return (f"(EXTRACT(EPOCH FROM ({compiler.process(end, **kw)} - {compiler.process(start, **kw)}))"
            " / 86400.0)")


@dataclass(frozen=True)
class ResponseTimes:
    """One municipality's or grouping's figures; days are None when nothing was answered."""

    id: int
    name: str
    code: str | None
    proposals: int
    answered: int
    median_days: float | None
    p90_days: float | None
    computed_at: datetime | None = None  # stored figures: when they were computed

    @property
    def answered_share(self) -> float | None:
        return self.answered / self.proposals if self.proposals else None


def _counted_proposals(since: datetime):
    return and_(Proposal.status.not_in(NOT_COUNTED), Proposal.hidden_at.is_(None),
                Proposal.published_at.is_not(None), Proposal.published_at >= since)


def _by_municipality(since: datetime, municipality_ids=None):
    """(key, proposal_id, published_at): one row per proposal and municipality it touches."""
    statement = (
        select(proposal_municipality.c.municipality_id.label("key"),
               Proposal.id.label("proposal_id"), Proposal.published_at)
        .join(proposal_municipality, proposal_municipality.c.proposal_id == Proposal.id)
        .where(_counted_proposals(since))
    )
    if municipality_ids is not None:
        statement = statement.where(proposal_municipality.c.municipality_id.in_(sorted(municipality_ids)))
    return statement


def _by_grouping(since: datetime, grouping_ids=None):
    """(key, proposal_id, published_at): once per grouping whose current members it touches."""
    statement = (
        select(GroupingMembership.grouping_id.label("key"),
               Proposal.id.label("proposal_id"), Proposal.published_at)
        .join(proposal_municipality, proposal_municipality.c.proposal_id == Proposal.id)
        .join(GroupingMembership, and_(
            GroupingMembership.municipality_id == proposal_municipality.c.municipality_id,
            GroupingMembership.left_on.is_(None)))
        .where(_counted_proposals(since))
        .distinct()
    )
    if grouping_ids is not None:
        statement = statement.where(GroupingMembership.grouping_id.in_(sorted(grouping_ids)))
    return statement


def _nearest_rank(position, count, percent: int):
    """True on the row at rank ceil(percent/100 * count), in integers only."""
    return and_(position * 100 >= count * percent, (position - 1) * 100 < count * percent)


def _municipality_answers():
    """(proposal_id, key, answered_at): each answer for the municipality it was given on behalf of."""
    return select(OfficialAnswer.proposal_id, OfficialAnswer.municipality_id.label("key"),
                  OfficialAnswer.created_at.label("answered_at")).where(OfficialAnswer.municipality_id.is_not(None))


def _grouping_answers():
    """(proposal_id, key, answered_at): answers on behalf of a grouping, or of one of its current members."""
    own = select(OfficialAnswer.proposal_id, OfficialAnswer.grouping_id.label("key"),
                 OfficialAnswer.created_at.label("answered_at")).where(OfficialAnswer.grouping_id.is_not(None))
    members = (
        select(OfficialAnswer.proposal_id, GroupingMembership.grouping_id.label("key"),
               OfficialAnswer.created_at.label("answered_at"))
        .join(GroupingMembership, and_(GroupingMembership.municipality_id == OfficialAnswer.municipality_id,
                                       GroupingMembership.left_on.is_(None)))
    )
    return union_all(own, members)


def _figures_statement(keyed, answers):
    """Per key: proposals, answered, median and 90th percentile days."""
    keyed = keyed.subquery("keyed")
    answers = answers.subquery("answers")
    first_answers = (
        select(answers.c.proposal_id, answers.c.key, func.min(answers.c.answered_at).label("answered_at"))
        .group_by(answers.c.proposal_id, answers.c.key)
        .subquery("first_answer")
    )
    days = days_between(keyed.c.published_at, first_answers.c.answered_at)
    base = (
        # An answer dated before publication (imported or seeded data) counts as given at once.
        select(keyed.c.key, keyed.c.proposal_id, case((days < 0, 0.0), else_=days).label("days"))
        .outerjoin(first_answers, and_(first_answers.c.proposal_id == keyed.c.proposal_id,
                                       first_answers.c.key == keyed.c.key))
        .cte("base")
    )
    ranked = (
        select(base.c.key, base.c.days,
               func.row_number().over(partition_by=base.c.key, order_by=base.c.days).label("position"),
               func.count().over(partition_by=base.c.key).label("answered"))
        .where(base.c.days.is_not(None))
        .cte("ranked")
    )
    percentiles = (
        select(ranked.c.key,
               func.max(case((_nearest_rank(ranked.c.position, ranked.c.answered, 50), ranked.c.days)))
               .label("median_days"),
               func.max(case((_nearest_rank(ranked.c.position, ranked.c.answered, 90), ranked.c.days)))
               .label("p90_days"))
        .group_by(ranked.c.key)
        .subquery("percentiles")
    )
    totals = (
        select(base.c.key, func.count().label("proposals"), func.count(base.c.days).label("answered"))
        .group_by(base.c.key)
        .subquery("totals")
    )
    return totals, percentiles


def _municipality_statement(since: datetime, municipality_ids=None):
    totals, percentiles = _figures_statement(_by_municipality(since, municipality_ids), _municipality_answers())
    return (
        select(Municipality.id, Municipality.name, Municipality.code, totals.c.proposals,
               totals.c.answered, percentiles.c.median_days, percentiles.c.p90_days)
        .join(Municipality, Municipality.id == totals.c.key)
        .outerjoin(percentiles, percentiles.c.key == totals.c.key)
        .order_by(Municipality.name, Municipality.id)
    )


def _grouping_statement(since: datetime, grouping_ids=None):
    totals, percentiles = _figures_statement(_by_grouping(since, grouping_ids), _grouping_answers())
    return (
        select(Grouping.id, Grouping.name, null(), totals.c.proposals,
               totals.c.answered, percentiles.c.median_days, percentiles.c.p90_days)
        .join(Grouping, Grouping.id == totals.c.key)
        .outerjoin(percentiles, percentiles.c.key == totals.c.key)
        .order_by(Grouping.name, Grouping.id)
    )


def _float(value) -> float | None:
    return None if value is None else float(value)


def _rows(statement) -> list[ResponseTimes]:
    """The figures, in Czech alphabetical order of the names."""
    rows = [ResponseTimes(id=row[0], name=row[1], code=row[2], proposals=row[3], answered=row[4],
                          median_days=_float(row[5]), p90_days=_float(row[6]))
            for row in db.session.execute(statement)]
    return sorted(rows, key=lambda row: (czech_key(row.name), row.id))


def since(now: datetime | None = None) -> datetime:
    """The start of the window: 365 days before now."""
    return (now or utcnow()) - WINDOW


def per_municipality(now: datetime | None = None, municipality_ids=None) -> list[ResponseTimes]:
    """Every municipality (or the given ones) with a counted proposal in the window, by name."""
    return _rows(_municipality_statement(since(now), municipality_ids))


def per_grouping(now: datetime | None = None, grouping_ids=None) -> list[ResponseTimes]:
    """Every grouping (or the given ones) with a counted proposal in the window, by name."""
    return _rows(_grouping_statement(since(now), grouping_ids))


def for_municipality(municipality_id: int, now: datetime | None = None) -> ResponseTimes | None:
    """One municipality's figures, computed now (None when no proposal touched it in the window)."""
    rows = per_municipality(now, [municipality_id])
    return rows[0] if rows else None


def for_grouping(grouping_id: int, now: datetime | None = None) -> ResponseTimes | None:
    """One grouping's figures, computed now (None when no proposal touched its members in the window)."""
    rows = per_grouping(now, [grouping_id])
    return rows[0] if rows else None
