"""Permission rules for shared infrastructure: pure functions of (user, thing).

A municipality's moderators, the representatives of groupings it belongs to
and the administrators covering it (its staff) record the assets it offers and
the civil works it plans, and answer operators' requests about them. An
operator's staff ask to join a planned work's trench and ask for access to an
asset. Exact positions (points and routes) are for operators' staff and the
municipality's staff only: everyone else sees the kind, the municipality and
the conditions.
"""

from participation.infrastructure.models import RequestState, WorkStatus

from .items import authenticated
from .scopes import covers_municipality, scope_of


def _active(user) -> bool:
    return authenticated(user) and not getattr(user, "is_deleted", False)


def is_operator_staff(user) -> bool:
    """Works for at least one operator."""
    return _active(user) and bool(scope_of(user).operator_ids)


def can_manage(user, municipality_id: int | None) -> bool:
    """The municipality's staff record its assets and works and answer requests about them."""
    return _active(user) and municipality_id is not None and covers_municipality(user, municipality_id)


def can_add(user) -> bool:
    """Anyone who is some municipality's staff may open the forms (the municipality is chosen there)."""
    return _active(user) and not scope_of(user).is_empty


def sees_positions(user, municipality_id: int | None) -> bool:
    """Exact points and routes: operators' staff, and the staff of the municipality."""
    return is_operator_staff(user) or can_manage(user, municipality_id)


def sees_all_positions(user) -> bool:
    """Positions in every municipality: operators' staff and administrators everywhere."""
    return is_operator_staff(user) or (_active(user) and scope_of(user).everywhere)


def can_edit_asset(user, asset) -> bool:
    return asset is not None and can_manage(user, asset.municipality_id)


def can_edit_work(user, work) -> bool:
    return work is not None and work.status != WorkStatus.FINISHED and can_manage(user, work.municipality_id)


def can_finish_work(user, work) -> bool:
    return (work is not None and work.status in (WorkStatus.PLANNED, WorkStatus.UNDER_WAY)
            and can_manage(user, work.municipality_id))


def can_request_access(user, asset=None) -> bool:
    """An operator's staff ask for access (whether the asset is offered is checked next to the field)."""
    return is_operator_staff(user)


def can_request_join(user, work) -> bool:
    """An operator's staff ask to join a work that is still planned (the deadline is checked on the form)."""
    return work is not None and work.status == WorkStatus.PLANNED and is_operator_staff(user)


def _requester(user, request) -> bool:
    return _active(user) and request.operator_id in scope_of(user).operator_ids


def can_view_access_request(user, request) -> bool:
    """The asking operator's staff and the asset's municipality's staff."""
    return request is not None and (_requester(user, request) or can_manage(user, request.asset.municipality_id))


def can_answer_access_request(user, request) -> bool:
    return (request is not None and request.state == RequestState.PENDING
            and can_manage(user, request.asset.municipality_id))


def can_make_agreement(user, request) -> bool:
    """An agreed request without an agreement yet becomes one, with the operator as a party."""
    return (request is not None and request.state == RequestState.AGREED and request.agreement_id is None
            and can_manage(user, request.asset.municipality_id))


def can_view_join_request(user, request) -> bool:
    return request is not None and (_requester(user, request) or can_manage(user, request.work.municipality_id))


def can_answer_join_request(user, request) -> bool:
    return (request is not None and request.state == RequestState.PENDING
            and can_manage(user, request.work.municipality_id))


def can_export_full(user) -> bool:
    """Full exports (positions, contacts): operators' staff and any municipality's staff (their rows only)."""
    return is_operator_staff(user) or can_add(user)
