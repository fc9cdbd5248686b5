"""Projects covering localities, and the dwellings they connect: the path from "unserved" to "connected".

A municipality's staff name a project (one of that municipality's) as
covering a locality, with the dwellings it will connect and the speed it
brings. Recording connected dwellings makes the project's speed count for the
locality's status (`reports.declared_statement`), in the same transaction.
Audited; each connection is an event on the locality.
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from participation.audit import services as audit
from participation.common.models import utcnow
from participation.events.services import record_event
from participation.extensions import db
from participation.localities.models import Locality, ProjectLocality
from participation.localities.reports import MAX_SPEED, MAX_SPEED_TEXT, refresh_status
from participation.localities.services import Invalid
from participation.projects import services as project_services
from participation.projects.models import Project, ProjectProposal, project_municipality
from participation.proposals.models import Proposal, ProposalStatus

MAX_DWELLINGS = 1_000_000


def _check_counts(dwellings: int | None, download: float | None) -> dict:
    errors = {}
    if dwellings is None or not 0 < dwellings <= MAX_DWELLINGS:
        errors["dwellings"] = _l("A whole number of dwellings from 1 to 1,000,000.")
    if download is None or not 0 < download <= MAX_SPEED:
        errors["download"] = _l("A speed above 0 and at most %(max)s Mbit/s.", max=MAX_SPEED_TEXT)
    return errors


def projects_of_municipality(municipality_id: int) -> list[Project]:
    """Projects of the locality's municipality, which may cover it (newest first)."""
    return list(db.session.scalars(select(Project).join(
        project_municipality, project_municipality.c.project_id == Project.id).where(
        project_municipality.c.municipality_id == municipality_id).order_by(Project.created_at.desc()).limit(200)))


def of_locality(locality_id: int) -> list[ProjectLocality]:
    """The projects covering a locality, with each project's agreement."""
    return list(db.session.scalars(select(ProjectLocality).where(ProjectLocality.locality_id == locality_id)
                                   .options(joinedload(ProjectLocality.project).joinedload(Project.agreement))
                                   .order_by(ProjectLocality.created_at, ProjectLocality.id)))


def cover(actor, locality: Locality, project: Project | None, dwellings: int | None,
          download: float | None) -> ProjectLocality:
    """Name a project of the locality's municipality as covering it."""
    if project is None or locality.municipality_id not in {m.id for m in project.municipalities}:
        raise Invalid({"project_id": _l("Choose a project of this locality's municipality.")})
    errors = _check_counts(dwellings, download)
    if errors:
        raise Invalid(errors)
    if db.session.scalar(select(ProjectLocality.id).where(ProjectLocality.project_id == project.id,
                                                          ProjectLocality.locality_id == locality.id)):
        raise Invalid({"project_id": _l("This project already covers the locality.")})
    link = ProjectLocality(project_id=project.id, locality_id=locality.id, dwellings=dwellings,
                           download=download, created_by_id=actor.id)
    db.session.add(link)
    db.session.flush()
    audit.record(actor, "locality.project_cover", "locality", locality.id, municipality_id=locality.municipality_id,
                 details={"project_id": project.id, "project": project.title, "dwellings": dwellings,
                          "download": download})
    db.session.commit()
    return link


def _set_connected(actor, link: ProjectLocality, connected: int, **why) -> None:
    """Store the connected dwellings, refresh the locality's status, audit and tell its followers (no commit)."""
    before = link.connected_dwellings
    link.connected_dwellings = connected
    link.connected_at = (link.connected_at or utcnow()) if connected else None
    db.session.flush()
    locality = link.locality
    refresh_status(locality)
    audit.record(actor, "locality.connected", "locality", locality.id, municipality_id=locality.municipality_id,
                 details={"project_id": link.project_id, "connected_dwellings": [before, connected], **why})
    record_event("locality.connected", "locality", locality.id, actor, project_id=link.project_id,
                 connected_dwellings=connected, status=locality.status.value)


def record_connected(actor, link: ProjectLocality, connected: int | None) -> None:
    """Record how many of the covered dwellings are connected; from the first, the project's speed counts."""
    if connected is None or not 0 <= connected <= link.dwellings:
        raise Invalid({"connected_dwellings": _l("A whole number from 0 to %(max)s (the dwellings it covers).",
                                                 max=link.dwellings)})
    _set_connected(actor, link, connected)
    db.session.commit()


@project_services.when_done
def connect_all_when_done(actor, project: Project) -> int:
    """A project marked done has connected every dwelling it covers: its localities' status follows (in the
    caller's transaction). Returns the number of localities changed."""
    links = db.session.scalars(select(ProjectLocality).where(
        ProjectLocality.project_id == project.id,
        ProjectLocality.connected_dwellings < ProjectLocality.dwellings).order_by(ProjectLocality.id)).all()
    for link in links:
        _set_connected(actor, link, link.dwellings, project_done=True)
    return len(links)


def proposals_of_projects(project_ids) -> dict[int, list]:
    """Project id -> the public proposals it answers (the start of the chain shown on a locality's page)."""
    result: dict[int, list] = {}
    if not project_ids:
        return result
    rows = db.session.execute(select(ProjectProposal.project_id, Proposal).join(
        Proposal, Proposal.id == ProjectProposal.proposal_id).where(
        ProjectProposal.project_id.in_(sorted(project_ids)), Proposal.hidden_at.is_(None),
        Proposal.status != ProposalStatus.DRAFT).order_by(Proposal.title))
    for project_id, proposal in rows:
        result.setdefault(project_id, []).append(proposal)
    return result
