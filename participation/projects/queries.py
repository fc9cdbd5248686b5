"""Reading projects: lists, pages, and the sections other pages include."""

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from participation.common.text import fold
from participation.extensions import db
from participation.projects.models import Project, ProjectProposal, ProjectUpdate, project_municipality
from participation.territory.models import GroupingMembership


def list_statement(*, municipality_id=None, grouping_id=None, kind=None, status=None, q=None):
    """Projects, filtered, most recently changed first."""
    statement = select(Project)
    if municipality_id:
        statement = statement.where(Project.id.in_(select(project_municipality.c.project_id).where(
            project_municipality.c.municipality_id == municipality_id)))
    if grouping_id:
        members = select(GroupingMembership.municipality_id).where(
            GroupingMembership.grouping_id == grouping_id, GroupingMembership.left_on.is_(None))
        statement = statement.where(Project.id.in_(select(project_municipality.c.project_id).where(
            project_municipality.c.municipality_id.in_(members))))
    if kind:
        statement = statement.where(Project.kind == kind)
    if status:
        statement = statement.where(Project.status == status)
    if q:
        statement = statement.where(Project.search_title.contains(fold(q), autoescape=True))
    return statement.options(
        selectinload(Project.municipalities), selectinload(Project.milestones),
    ).order_by(Project.updated_at.desc(), Project.id.desc())


def load_project(project_id: int) -> Project | None:
    """A project with everything its page shows, in a fixed number of queries."""
    return db.session.scalars(
        select(Project).where(Project.id == project_id).options(
            selectinload(Project.municipalities),
            selectinload(Project.funding_sources),
            selectinload(Project.milestones),
            selectinload(Project.agreement),
            selectinload(Project.proposal_links).selectinload(ProjectProposal.proposal),
        )
    ).first()


def updates_statement(project_id: int):
    return (select(ProjectUpdate).where(ProjectUpdate.project_id == project_id)
            .order_by(ProjectUpdate.posted_on.desc(), ProjectUpdate.id.desc()))


def search(q: str, limit: int = 10) -> list[Project]:
    statement = select(Project)
    if q and q.strip():
        statement = statement.where(Project.search_title.contains(fold(q), autoescape=True))
    return list(db.session.scalars(statement.options(selectinload(Project.municipalities))
                                   .order_by(Project.title).limit(limit)))


def of_agreement(agreement_id: int) -> list[Project]:
    return list(db.session.scalars(select(Project).where(Project.agreement_id == agreement_id)
                                   .order_by(Project.title)))


def links_of_proposal(proposal_id: int) -> list[ProjectProposal]:
    return list(db.session.scalars(
        select(ProjectProposal).where(ProjectProposal.proposal_id == proposal_id)
        .options(selectinload(ProjectProposal.project)).order_by(ProjectProposal.created_at)
    ))


def of_municipality(municipality_id: int, limit: int = 20) -> list[Project]:
    return list(db.session.scalars(select(Project).where(Project.id.in_(
        select(project_municipality.c.project_id).where(project_municipality.c.municipality_id == municipality_id)
    )).order_by(Project.updated_at.desc()).limit(limit)))


def of_grouping(grouping_id: int, limit: int = 20) -> list[Project]:
    members = select(GroupingMembership.municipality_id).where(
        GroupingMembership.grouping_id == grouping_id, GroupingMembership.left_on.is_(None))
    return list(db.session.scalars(select(Project).where(Project.id.in_(
        select(project_municipality.c.project_id).where(project_municipality.c.municipality_id.in_(members))
    )).order_by(Project.updated_at.desc()).limit(limit)))


