"""Reading projects: lists, pages, and the sections other pages include."""

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from participation.chain.filters import ListFilters, apply_filters
from participation.chain.scoping import Scoping
from participation.common.text import fold
from participation.extensions import db
from participation.projects.models import Project, ProjectProposal, ProjectUpdate, project_municipality

SCOPING = Scoping(Project, project_municipality)
RECENTLY_CHANGED_FIRST = (Project.updated_at.desc(), Project.id.desc())


def list_statement(filters: ListFilters):
    """Projects, filtered, most recently changed first."""
    statement = apply_filters(select(Project), SCOPING, filters, Project.search_title)
    return statement.options(
        selectinload(Project.municipalities), selectinload(Project.milestones),
    ).order_by(*RECENTLY_CHANGED_FIRST)


def load_project(project_id: int, *, with_details: bool = True) -> Project | None:
    """A project with everything its page shows, in a fixed number of queries.

    `with_details=False` for the project's page: its milestones, funding and
    agreement are shown in a shared fragment that reads them (once) only when
    it is rendered.
    """
    options = [selectinload(Project.municipalities),
               selectinload(Project.proposal_links).selectinload(ProjectProposal.proposal)]
    if with_details:
        options += [selectinload(Project.funding_sources), selectinload(Project.milestones),
                    selectinload(Project.agreement)]
    return db.session.scalars(select(Project).where(Project.id == project_id).options(*options)).first()


def updates_statement(project_id: int):
    return (select(ProjectUpdate).where(ProjectUpdate.project_id == project_id)
            .order_by(ProjectUpdate.posted_on.desc(), ProjectUpdate.id.desc()))


def search(user, q: str, limit: int = 10) -> list[Project]:
    """Projects whose title contains the folded query, for the link form."""
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


def of_municipality(municipality_id: int) -> list[Project]:
    """A municipality's projects, for its page."""
    return SCOPING.section(None, RECENTLY_CHANGED_FIRST[:1], municipality_id=municipality_id)


def of_grouping(grouping_id: int) -> list[Project]:
    """The projects of a grouping's current members, for its page."""
    return SCOPING.section(None, RECENTLY_CHANGED_FIRST[:1], grouping_id=grouping_id)
