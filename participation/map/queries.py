"""What the map shows: one query per layer, bounded, reading only public items that have a place.

- Proposals: published or later, not hidden, withdrawn or merged into another, with coordinates.
- Projects: with coordinates or a route.
- Shared infrastructure (assets) and planned works: every one, listed by kind, municipality and
  conditions only; their exact places reach the GeoJSON layer only for operators and staff
  (participation.infrastructure.exports).
- Localities: with coordinates; the status is stored on the locality and is "unknown"
  (too few reports) until CONNECTIVITY_MIN_REPORTS residents have reported, so the
  number of reports is given only with a known status.
"""

from dataclasses import dataclass

from sqlalchemy import or_, select

from participation.chain.filters import ListFilters
from participation.extensions import db
from participation.infrastructure.models import Asset, AssetConditions, AssetKind, PlannedWork, WorkStatus
from participation.infrastructure.queries import ASSETS as INFRASTRUCTURE_ASSETS
from participation.infrastructure.queries import WORKS as PLANNED_WORKS
from participation.localities.models import ConnectionStatus, Locality
from participation.localities.queries import SCOPING as LOCALITIES
from participation.projects.models import Project
from participation.projects.queries import SCOPING as PROJECTS
from participation.proposals.models import Proposal, ProposalStatus, proposal_municipality
from participation.proposals.queries import in_grouping as proposals_in_grouping
from participation.territory import geo
from participation.territory.models import Municipality

LAYERS = ("proposals", "projects", "localities", "assets", "works")
# At most this many items a layer: a region's worth; the map is for finding, the lists page the rest.
MAX_FEATURES = 2000
HIDDEN_STATUSES = (ProposalStatus.DRAFT, ProposalStatus.WITHDRAWN, ProposalStatus.MERGED)


@dataclass(frozen=True)
class ProposalPlace:
    id: int
    title: str
    status: ProposalStatus
    category: str
    latitude: float
    longitude: float


@dataclass(frozen=True)
class ProjectPlace:
    id: int
    title: str
    kind: str
    status: str
    latitude: float | None
    longitude: float | None
    route: list  # (latitude, longitude) points, [] for none

    @property
    def has_point(self) -> bool:
        return self.latitude is not None and self.longitude is not None


@dataclass(frozen=True)
class LocalityPlace:
    id: int
    name: str
    municipality: str
    status: ConnectionStatus
    report_count: int | None  # None while the status is unknown
    dwellings: int
    latitude: float
    longitude: float


@dataclass(frozen=True)
class AssetPlace:
    """What everyone may know of an asset: no name, no position."""

    id: int
    kind: AssetKind
    municipality: str
    conditions: AssetConditions


@dataclass(frozen=True)
class WorkPlace:
    """Planned works in a list: no route."""

    id: int
    title: str
    municipality: str
    status: WorkStatus
    joining_deadline: object


def proposals(filters: ListFilters, limit: int = MAX_FEATURES) -> list[ProposalPlace]:
    """Public proposals with a place, newest first."""
    statement = (select(Proposal.id, Proposal.title, Proposal.status, Proposal.category, Proposal.latitude,
                        Proposal.longitude)
                 .where(Proposal.status.not_in(HIDDEN_STATUSES), Proposal.hidden_at.is_(None),
                        Proposal.latitude.is_not(None), Proposal.longitude.is_not(None))
                 .order_by(Proposal.published_at.desc(), Proposal.id.desc()).limit(limit))
    if filters.municipality_id:
        statement = statement.where(Proposal.id.in_(select(proposal_municipality.c.proposal_id).where(
            proposal_municipality.c.municipality_id == filters.municipality_id)))
    if filters.grouping_id:
        statement = statement.where(proposals_in_grouping(filters.grouping_id))
    return [ProposalPlace(*row) for row in db.session.execute(statement)]


def projects(filters: ListFilters, limit: int = MAX_FEATURES) -> list[ProjectPlace]:
    """Projects with a place or a route, alphabetical."""
    statement = (select(Project.id, Project.title, Project.kind, Project.status, Project.latitude,
                        Project.longitude, Project.route)
                 .where(or_(Project.route.is_not(None),
                            Project.latitude.is_not(None) & Project.longitude.is_not(None)))
                 .order_by(Project.search_title, Project.id).limit(limit))
    statement = _scoped(statement, PROJECTS, filters)
    return [ProjectPlace(row.id, row.title, row.kind, row.status, row.latitude, row.longitude,
                         geo.route_points(row.route))
            for row in db.session.execute(statement)]


def localities(filters: ListFilters, limit: int = MAX_FEATURES) -> list[LocalityPlace]:
    """Localities with a place and their connection status, by municipality and name."""
    statement = (select(Locality.id, Locality.name, Municipality.name.label("municipality"), Locality.status,
                        Locality.report_count, Locality.dwellings, Locality.latitude, Locality.longitude)
                 .join(Municipality, Municipality.id == Locality.municipality_id)
                 .where(Locality.latitude.is_not(None), Locality.longitude.is_not(None))
                 .order_by(Municipality.search_name, Locality.search_name, Locality.id).limit(limit))
    statement = _scoped(statement, LOCALITIES, filters)
    places = []
    for row in db.session.execute(statement):
        status = ConnectionStatus(row.status)
        known = status != ConnectionStatus.UNKNOWN
        places.append(LocalityPlace(row.id, row.name, row.municipality, status,
                                    row.report_count if known else None, row.dwellings, row.latitude,
                                    row.longitude))
    return places


def _scoped(statement, scoping, filters: ListFilters):
    if filters.municipality_id:
        statement = statement.where(scoping.in_municipality(filters.municipality_id))
    if filters.grouping_id:
        statement = statement.where(scoping.in_grouping(filters.grouping_id))
    return statement


def assets(filters: ListFilters, limit: int = MAX_FEATURES) -> list[AssetPlace]:
    """Shared infrastructure by municipality and kind (public fields only)."""
    statement = (select(Asset.id, Asset.kind, Municipality.name.label("municipality"), Asset.conditions)
                 .join(Municipality, Municipality.id == Asset.municipality_id)
                 .order_by(Municipality.search_name, Asset.kind, Asset.id).limit(limit))
    statement = _scoped(statement, INFRASTRUCTURE_ASSETS, filters)
    return [AssetPlace(row.id, AssetKind(row.kind), row.municipality, AssetConditions(row.conditions))
            for row in db.session.execute(statement)]


def works(filters: ListFilters, limit: int = MAX_FEATURES) -> list[WorkPlace]:
    """Planned and running civil works, the soonest first (no route)."""
    statement = (select(PlannedWork.id, PlannedWork.title, Municipality.name.label("municipality"),
                        PlannedWork.status, PlannedWork.joining_deadline)
                 .join(Municipality, Municipality.id == PlannedWork.municipality_id)
                 .where(PlannedWork.status.in_((WorkStatus.PLANNED, WorkStatus.UNDER_WAY)))
                 .order_by(PlannedWork.starts_on, PlannedWork.id).limit(limit))
    statement = _scoped(statement, PLANNED_WORKS, filters)
    return [WorkPlace(row.id, row.title, row.municipality, WorkStatus(row.status), row.joining_deadline)
            for row in db.session.execute(statement)]


READERS = {"proposals": proposals, "projects": projects, "localities": localities, "assets": assets, "works": works}


def places(filters: ListFilters, layers, limit: int = MAX_FEATURES) -> dict[str, list]:
    """Each chosen layer's places: one query a layer."""
    return {layer: READERS[layer](filters, limit) for layer in LAYERS if layer in layers}
