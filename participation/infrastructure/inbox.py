"""What waits for a municipality's staff in shared infrastructure: operators' requests, the oldest first.

Read by the moderator's inbox through one include (templates/infrastructure/_inbox_section.html):
pending access requests with their age and answer deadline, and pending requests to join planned works.
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from participation.common.models import as_utc, utcnow
from participation.extensions import db
from participation.infrastructure.models import AccessRequest, Asset, JoinRequest, PlannedWork, RequestState
from participation.permissions.scopes import scope_of

LIMIT = 100


@dataclass
class Waiting:
    kind: str  # "access" or "join"
    request: object
    age_days: int
    due_on: date | None
    overdue: bool


def _municipalities(user):
    """The municipalities whose requests the user answers, or None for everywhere."""
    scope = scope_of(user)
    return None if scope.everywhere else set(scope.municipality_ids)


def waiting(user, today: date | None = None) -> list[Waiting]:
    """Pending access and joining requests in the user's municipalities, the longest waiting first."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    municipalities = _municipalities(user)
    if municipalities is not None and not municipalities:
        return []
    today = today or utcnow().date()
    access = (select(AccessRequest).join(Asset, Asset.id == AccessRequest.asset_id)
              .where(AccessRequest.state == RequestState.PENDING)
              .options(joinedload(AccessRequest.operator), joinedload(AccessRequest.asset).joinedload(Asset.municipality))
              .order_by(AccessRequest.created_at, AccessRequest.id).limit(LIMIT))
    joins = (select(JoinRequest).join(PlannedWork, PlannedWork.id == JoinRequest.work_id)
             .where(JoinRequest.state == RequestState.PENDING)
             .options(joinedload(JoinRequest.operator), joinedload(JoinRequest.work).joinedload(PlannedWork.municipality))
             .order_by(JoinRequest.created_at, JoinRequest.id).limit(LIMIT))
    if municipalities is not None:
        access = access.where(Asset.municipality_id.in_(sorted(municipalities)))
        joins = joins.where(PlannedWork.municipality_id.in_(sorted(municipalities)))
    result = []
    for request in db.session.scalars(access):
        age = max(0, (today - as_utc(request.created_at).date()).days)
        result.append(Waiting("access", request, age, request.due_on, today > request.due_on))
    for request in db.session.scalars(joins):
        age = max(0, (today - as_utc(request.created_at).date()).days)
        result.append(Waiting("join", request, age, request.work.starts_on, today > request.work.starts_on))
    return sorted(result, key=lambda item: -item.age_days)
