"""Reading good practice: the public list, the page, and the links other pages show."""

from sqlalchemy import false, func, or_, select
from sqlalchemy.orm import selectinload

from participation.agreements.models import Agreement
from participation.common.models import as_utc
from participation.common.text import fold
from participation.extensions import db
from participation.good_practice.models import (
    GoodPractice,
    GoodPracticeStatus,
    good_practice_municipality,
    good_practice_proposal,
)
from participation.permissions.scopes import scope_of
from participation.projects.models import Project
from participation.proposals.models import Proposal, ProposalStatus, StatusChange, Support
from participation.territory.models import GroupingMembership


def _visible_to(user):
    """Published write-ups, plus the drafts of municipalities the user writes for."""
    published = GoodPractice.status == GoodPracticeStatus.PUBLISHED
    scope = scope_of(user)
    if scope.everywhere:
        return None
    if not scope.municipality_ids:
        return published
    in_scope = GoodPractice.id.in_(select(good_practice_municipality.c.good_practice_id).where(
        good_practice_municipality.c.municipality_id.in_(scope.municipality_ids)))
    return or_(published, in_scope)


def list_statement(user, *, category=None, municipality_id=None, grouping_id=None, q=None, unknown=False):
    """Write-ups the user may see, filtered, newest first. `unknown`: a filter value matched nothing."""
    statement = select(GoodPractice)
    visible = _visible_to(user)
    if visible is not None:
        statement = statement.where(visible)
    if unknown:
        statement = statement.where(false())
    if category:
        statement = statement.where(GoodPractice.category == category)
    if municipality_id:
        statement = statement.where(GoodPractice.id.in_(select(good_practice_municipality.c.good_practice_id).where(
            good_practice_municipality.c.municipality_id == municipality_id)))
    if grouping_id:
        members = select(GroupingMembership.municipality_id).where(
            GroupingMembership.grouping_id == grouping_id, GroupingMembership.left_on.is_(None))
        statement = statement.where(GoodPractice.id.in_(select(good_practice_municipality.c.good_practice_id).where(
            good_practice_municipality.c.municipality_id.in_(members))))
    if q:
        statement = statement.where(GoodPractice.search_text.contains(fold(q), autoescape=True))
    return statement.options(selectinload(GoodPractice.municipalities)).order_by(
        GoodPractice.published_at.desc().nulls_first(), GoodPractice.id.desc())


def load(practice_id: int) -> GoodPractice | None:
    """A write-up with everything its page (and its permission check) needs, in a fixed number of queries."""
    return db.session.scalars(
        select(GoodPractice).where(GoodPractice.id == practice_id).options(
            selectinload(GoodPractice.municipalities),
            selectinload(GoodPractice.proposals).selectinload(Proposal.municipalities),
            selectinload(GoodPractice.project).selectinload(Project.municipalities),
            selectinload(GoodPractice.agreement).selectinload(Agreement.municipalities),
            selectinload(GoodPractice.agreement).selectinload(Agreement.groupings),
        )
    ).first()


def supports_by_proposal(proposal_ids) -> dict[int, dict[int, int]]:
    """Supporters per home municipality for each proposal, in one grouped query."""
    ids = list(proposal_ids)
    if not ids:
        return {}
    rows = db.session.execute(
        select(Support.proposal_id, Support.municipality_id, func.count())
        .where(Support.proposal_id.in_(ids))
        .group_by(Support.proposal_id, Support.municipality_id)
    )
    result: dict[int, dict[int, int]] = {}
    for proposal_id, municipality_id, count in rows:
        result.setdefault(proposal_id, {})[municipality_id] = count
    return result


def solved_dates(proposal_ids) -> dict:
    """When each proposal was (last) marked solved, in one query."""
    ids = list(proposal_ids)
    if not ids:
        return {}
    rows = db.session.execute(
        select(StatusChange.proposal_id, func.max(StatusChange.created_at))
        .where(StatusChange.proposal_id.in_(ids), StatusChange.to_status == ProposalStatus.SOLVED)
        .group_by(StatusChange.proposal_id)
    )
    return {proposal_id: as_utc(when) for proposal_id, when in rows}


def published_of_proposal(proposal_id: int) -> list[GoodPractice]:
    """Published write-ups that answer this proposal."""
    return list(db.session.scalars(
        select(GoodPractice).join(good_practice_proposal)
        .where(good_practice_proposal.c.proposal_id == proposal_id,
               GoodPractice.status == GoodPracticeStatus.PUBLISHED)
        .order_by(GoodPractice.published_at.desc())
    ))


def published_of_project(project_id: int) -> list[GoodPractice]:
    """Published write-ups of this project."""
    return list(db.session.scalars(
        select(GoodPractice).where(GoodPractice.project_id == project_id,
                                   GoodPractice.status == GoodPracticeStatus.PUBLISHED)
        .order_by(GoodPractice.published_at.desc())
    ))
