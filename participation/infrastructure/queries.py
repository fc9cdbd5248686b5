"""Reading shared infrastructure: lists, pages, rows for exports and the map, a municipality's summary.

Every list is one statement (paginated) with its municipality joined: a fixed
number of queries whatever the number of rows. Positions are read here for
everyone; what reaches a reader is decided by `permissions.infrastructure`
in `public_view` (pages) and `exports` (files and the map).
"""

from collections import Counter
from datetime import date

from sqlalchemy import extract, func, select
from sqlalchemy.orm import joinedload, selectinload

from participation.chain.filters import ListFilters, apply_filters
from participation.chain.scoping import Scoping
from participation.extensions import db
from participation.infrastructure.models import (
    AccessRequest,
    Asset,
    AssetStatus,
    JoinRequest,
    PlannedWork,
    RequestState,
    WorkStatus,
)
from participation.localities.models import Locality
from participation.operators.models import Operator
from participation.territory.models import Municipality

ASSETS = Scoping(Asset, municipality_column="municipality_id")
WORKS = Scoping(PlannedWork, municipality_column="municipality_id")
MAX_EXPORT = 5000


def assets_statement(filters: ListFilters):
    """Assets by municipality, kind and name."""
    statement = (select(Asset).join(Municipality, Municipality.id == Asset.municipality_id)
                 .options(joinedload(Asset.municipality))
                 .order_by(Municipality.search_name, Asset.kind, Asset.name, Asset.id))
    return apply_filters(statement, ASSETS, filters, Asset.name)


def works_statement(filters: ListFilters):
    """Planned works, the soonest to start first."""
    statement = (select(PlannedWork).options(joinedload(PlannedWork.municipality))
                 .order_by(PlannedWork.starts_on, PlannedWork.id))
    return apply_filters(statement, WORKS, filters, PlannedWork.title)


def load_asset(asset_id: int) -> Asset | None:
    return db.session.scalar(select(Asset).where(Asset.id == asset_id).options(joinedload(Asset.municipality)))


def load_work(work_id: int) -> PlannedWork | None:
    """A work with its municipality and its join requests with their operators."""
    return db.session.scalar(select(PlannedWork).where(PlannedWork.id == work_id).options(
        joinedload(PlannedWork.municipality),
        selectinload(PlannedWork.join_requests).joinedload(JoinRequest.operator)))


def load_join_request(request_id: int) -> JoinRequest | None:
    return db.session.scalar(select(JoinRequest).where(JoinRequest.id == request_id).options(
        joinedload(JoinRequest.operator), joinedload(JoinRequest.work).joinedload(PlannedWork.municipality)))


def load_access_request(request_id: int) -> AccessRequest | None:
    return db.session.scalar(select(AccessRequest).where(AccessRequest.id == request_id).options(
        joinedload(AccessRequest.operator), joinedload(AccessRequest.asset).joinedload(Asset.municipality),
        selectinload(AccessRequest.localities)))


def requests_of_asset(asset_id: int, operator_ids=None) -> list[AccessRequest]:
    """An asset's access requests, newest first; only those of `operator_ids` unless None (staff)."""
    statement = (select(AccessRequest).where(AccessRequest.asset_id == asset_id)
                 .options(joinedload(AccessRequest.operator))
                 .order_by(AccessRequest.created_at.desc(), AccessRequest.id.desc()))
    if operator_ids is not None:
        if not operator_ids:
            return []
        statement = statement.where(AccessRequest.operator_id.in_(sorted(operator_ids)))
    return list(db.session.scalars(statement))


def shareable_assets(limit: int = 500) -> list[tuple[int, str]]:
    """(id, label) of every asset for the request form: offered ones first."""
    rows = db.session.execute(
        select(Asset.id, Asset.name, Municipality.name.label("municipality"), Asset.status)
        .join(Municipality, Municipality.id == Asset.municipality_id)
        .order_by((Asset.status != AssetStatus.AVAILABLE), Municipality.search_name, Asset.name).limit(limit))
    return [(row.id, f"{row.name} ({row.municipality})") for row in rows]


def localities_for(operators) -> list[tuple[int, str]]:
    """Localities of the municipalities where the operators work, for "localities it would serve"."""
    ids = {m.id for operator in operators for m in operator.municipalities}
    if not ids:
        return []
    rows = db.session.execute(
        select(Locality.id, Locality.name, Municipality.name.label("municipality"))
        .join(Municipality, Municipality.id == Locality.municipality_id)
        .where(Locality.municipality_id.in_(sorted(ids)))
        .order_by(Municipality.search_name, Locality.search_name).limit(500))
    return [(row.id, f"{row.name} ({row.municipality})") for row in rows]


def operators_of(user_operator_ids) -> list[Operator]:
    if not user_operator_ids:
        return []
    return list(db.session.scalars(select(Operator).where(Operator.id.in_(sorted(user_operator_ids)))
                                   .options(selectinload(Operator.municipalities)).order_by(Operator.search_name)))


def open_works_of_municipality(municipality_id: int, limit: int = 20) -> list[PlannedWork]:
    return list(db.session.scalars(select(PlannedWork).where(
        PlannedWork.municipality_id == municipality_id,
        PlannedWork.status.in_((WorkStatus.PLANNED, WorkStatus.UNDER_WAY)))
        .order_by(PlannedWork.starts_on, PlannedWork.id).limit(limit)))


def assets_of_municipality(municipality_id: int, limit: int = 20) -> list[Asset]:
    return list(db.session.scalars(select(Asset).where(Asset.municipality_id == municipality_id)
                                   .order_by(Asset.kind, Asset.name, Asset.id).limit(limit)))


def yearly_summary(municipality_id: int) -> list[dict]:
    """Per year (newest first): access requests received, answered in time, agreed."""
    year = extract("year", AccessRequest.created_at)
    rows = db.session.execute(
        select(year.label("year"), AccessRequest.state, AccessRequest.answered_at, AccessRequest.due_on)
        .join(Asset, Asset.id == AccessRequest.asset_id).where(Asset.municipality_id == municipality_id)
        .order_by(year.desc()).limit(MAX_EXPORT)).all()
    received, in_time, agreed = Counter(), Counter(), Counter()
    for row in rows:
        key = int(row.year)
        received[key] += 1
        if row.answered_at is not None and row.answered_at.date() <= row.due_on:
            in_time[key] += 1
        if row.state == RequestState.AGREED:
            agreed[key] += 1
    return [{"year": key, "received": received[key], "in_time": in_time[key], "agreed": agreed[key]}
            for key in sorted(received, reverse=True)]


def join_summary(work: PlannedWork) -> dict:
    """A work's joining requests in public summary: how many asked, were agreed, refused, wait."""
    counts = Counter(request.state for request in work.join_requests)
    return {"total": len(work.join_requests), "agreed": counts[RequestState.AGREED],
            "refused": counts[RequestState.REFUSED], "pending": counts[RequestState.PENDING]}


def today() -> date:
    return date.today()


def count_pending_access(municipality_ids) -> int:
    statement = select(func.count()).select_from(AccessRequest).join(Asset).where(
        AccessRequest.state == RequestState.PENDING)
    if municipality_ids is not None:
        statement = statement.where(Asset.municipality_id.in_(sorted(municipality_ids)))
    return db.session.scalar(statement) or 0
