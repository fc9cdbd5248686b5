"""Reading good practice: the public list, the page, and the links other pages show."""

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from participation.agreements.models import Agreement
from participation.chain.filters import ListFilters, apply_filters
from participation.chain.scoping import Scoping
from participation.common.models import as_utc
from participation.extensions import db
from participation.good_practice.models import (
    GoodPractice,
    GoodPracticeStatus,
    good_practice_municipality,
    good_practice_proposal,
)
from participation.permissions.scopes import scope_of
from participation.projects.models import Project
from participation.proposals.models import Proposal, ProposalStatus, StatusChange

SCOPING = Scoping(GoodPractice, good_practice_municipality)


def visible_condition(user):
    """Published write-ups, plus the drafts of municipalities the user writes for."""
    in_scope = SCOPING.within(scope_of(user))
    return None if in_scope is None else or_(GoodPractice.status == GoodPracticeStatus.PUBLISHED, in_scope)


def list_statement(user, filters: ListFilters):
    """Write-ups the user may see, filtered, newest first; a filter value that matched nothing finds none."""
    statement = select(GoodPractice)
    visible = visible_condition(user)
    if visible is not None:
        statement = statement.where(visible)
    statement = apply_filters(statement, SCOPING, filters, GoodPractice.search_text, strict=True)
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
