"""Every change to shared infrastructure goes through here: one transaction, an audit entry, events.

Assets and planned works are recorded by a municipality's staff; operators
ask to join a work's trench and for access to an asset; the municipality
answers. Refusals raise `Invalid` with the message for the field concerned.
"""

import calendar
from dataclasses import dataclass, field
from datetime import date

from flask import current_app
from flask_babel import lazy_gettext as _l

from participation.agreements import services as agreements
from participation.agreements.models import AgreementKind, AgreementStatus
from participation.audit import services as audit
from participation.chain import changes
from participation.common.formats import day
from participation.common.models import utcnow
from participation.events.services import record_event
from participation.extensions import db
from participation.infrastructure.models import (
    AccessRequest,
    Asset,
    AssetConditions,
    AssetKind,
    AssetStatus,
    JoinRequest,
    PlannedWork,
    RequestState,
    WorkKind,
    WorkStatus,
)
from participation.localities.services import Invalid
from participation.territory import geo

__all__ = ["Invalid", "AssetData", "WorkData", "create_asset", "update_asset", "create_work", "update_work",
           "request_join", "answer_join", "finish_work", "request_access", "answer_access", "make_agreement"]

ASSET_FIELDS = ("kind", "name", "description", "owner", "conditions", "conditions_note", "contact", "status",
                "free_capacity", "cadastral_area", "parcel_number", "latitude", "longitude", "route")
WORK_FIELDS = ("kind", "title", "description", "route", "starts_on", "ends_on", "joining_deadline", "contact",
               "status")
NOT_SHAREABLE = _l("This asset is not offered for sharing now (it is reserved or unavailable): choose another.")


@dataclass
class AssetData:
    kind: AssetKind
    name: str
    owner: str
    conditions: AssetConditions
    status: AssetStatus = AssetStatus.AVAILABLE
    description: str = ""
    conditions_note: str = ""
    contact: str = ""
    free_capacity: str = ""
    cadastral_area: str = ""
    parcel_number: str = ""
    latitude: float | None = None
    longitude: float | None = None
    route: list = field(default_factory=list)  # (latitude, longitude) points


@dataclass
class WorkData:
    kind: WorkKind
    title: str
    route: list  # (latitude, longitude) points
    starts_on: date
    joining_deadline: date
    ends_on: date | None = None
    description: str = ""
    contact: str = ""


def _route_error(points, errors: dict, name: str = "route") -> None:
    try:
        geo.check_route(points)
    except geo.RouteError as error:
        errors[name] = error.args[0]


def _check_asset(data: AssetData) -> None:
    errors = {}
    has_point = data.latitude is not None and data.longitude is not None
    if has_point and not geo.inside_czechia(data.latitude, data.longitude):
        errors["latitude"] = _l("Pick a place in the Czech Republic.")
    if data.route:
        _route_error(data.route, errors)
    if not has_point and not data.route:
        errors["latitude"] = _l("Give the place: a point (latitude and longitude) or a route.")
    if data.kind == AssetKind.PARCEL:
        if not data.cadastral_area.strip():
            errors["cadastral_area"] = _l("A land parcel needs its cadastral area.")
        if not data.parcel_number.strip():
            errors["parcel_number"] = _l("A land parcel needs its parcel number, e.g. 1234/5.")
    if data.kind == AssetKind.DUCT and not data.free_capacity.strip():
        errors["free_capacity"] = _l("Say how much of the duct is free, e.g. 2 of 4 tubes.")
    if errors:
        raise Invalid(errors)


def _apply_asset(asset: Asset, data: AssetData) -> None:
    asset.kind, asset.conditions, asset.status = data.kind, data.conditions, data.status
    asset.latitude, asset.longitude = data.latitude, data.longitude
    for name in ("owner", "description", "conditions_note", "contact", "free_capacity", "cadastral_area",
                 "parcel_number"):
        setattr(asset, name, (getattr(data, name) or "").strip())
    asset.name = data.name.strip()
    asset.route = geo.route_to_geojson(data.route) if data.route else None


def create_asset(actor, municipality, data: AssetData) -> Asset:
    """Record an asset the municipality offers."""
    _check_asset(data)
    asset = Asset(municipality_id=municipality.id, created_by_id=getattr(actor, "id", None))
    _apply_asset(asset, data)
    db.session.add(asset)
    db.session.flush()
    audit.record(actor, "infrastructure.asset_create", "infrastructure_asset", asset.id,
                 municipality_id=municipality.id, details={"name": asset.name, "kind": asset.kind.value})
    db.session.commit()
    return asset


def update_asset(actor, asset: Asset, data: AssetData) -> dict:
    """Change an asset; the audit entry lists what changed (not the positions' values)."""
    _check_asset(data)
    before = changes.snapshot(asset, ASSET_FIELDS)
    _apply_asset(asset, data)
    changed = changes.changed_fields(asset, before)
    if changed:
        audit.record(actor, "infrastructure.asset_update", "infrastructure_asset", asset.id,
                     municipality_id=asset.municipality_id, details={"changed": sorted(changed)})
    db.session.commit()
    return changed


# ----- planned works -----

def _check_work(data: WorkData) -> None:
    errors = {}
    _route_error(data.route or [], errors)
    if data.joining_deadline and data.starts_on and data.joining_deadline > data.starts_on:
        errors["joining_deadline"] = _l("The deadline for joining must not be after the works start (%(date)s).",
                                        date=day(data.starts_on))
    if data.ends_on and data.starts_on and data.ends_on < data.starts_on:
        errors["ends_on"] = _l("The works cannot end before they start.")
    if errors:
        raise Invalid(errors)


def _apply_work(work: PlannedWork, data: WorkData) -> None:
    work.kind = data.kind
    work.title = data.title.strip()
    work.description = (data.description or "").strip()
    work.contact = (data.contact or "").strip()
    work.route = geo.route_to_geojson(data.route)
    work.starts_on = data.starts_on
    work.ends_on = data.ends_on
    work.joining_deadline = data.joining_deadline


def create_work(actor, municipality, data: WorkData) -> PlannedWork:
    """Announce planned works; operators, neighbours and the grouping's staff hear about them."""
    _check_work(data)
    work = PlannedWork(municipality_id=municipality.id, created_by_id=getattr(actor, "id", None))
    _apply_work(work, data)
    db.session.add(work)
    db.session.flush()
    audit.record(actor, "infrastructure.work_create", "planned_work", work.id, municipality_id=municipality.id,
                 details={"title": work.title, "joining_deadline": work.joining_deadline.isoformat()})
    record_event("infrastructure.work_planned", "planned_work", work.id, actor, municipality_id=municipality.id,
                 joining_deadline=work.joining_deadline.isoformat())
    db.session.commit()
    return work


def update_work(actor, work: PlannedWork, data: WorkData) -> dict:
    """Change planned works; the audit entry names the fields changed."""
    _check_work(data)
    before = changes.snapshot(work, WORK_FIELDS)
    _apply_work(work, data)
    changed = changes.changed_fields(work, before)
    if changed:
        audit.record(actor, "infrastructure.work_update", "planned_work", work.id,
                     municipality_id=work.municipality_id, details={"changed": sorted(changed)})
    db.session.commit()
    return changed


def request_join(actor, operator, work: PlannedWork, what: str, today: date | None = None) -> JoinRequest:
    """An operator asks to lay its ducts or cables in the trench, before the joining deadline."""
    today = today or date.today()
    if work.status != WorkStatus.PLANNED or today > work.joining_deadline:
        raise Invalid({"what": _l("The deadline for joining these works has passed (%(date)s).",
                                  date=day(work.joining_deadline))})
    if not (what or "").strip():
        raise Invalid({"what": _l("Say what you would lay in the trench.")})
    request = JoinRequest(work_id=work.id, operator_id=operator.id, requested_by_id=actor.id, what=what.strip())
    db.session.add(request)
    db.session.flush()
    record_event("infrastructure.join_requested", "planned_work", work.id, actor, request_id=request.id,
                 operator=operator.name, municipality_id=work.municipality_id)
    db.session.commit()
    return request


def _answer(request, agreed: bool, answer: str) -> None:
    answer = (answer or "").strip()
    if not agreed and not answer:
        raise Invalid({"answer": _l("Give the reason for refusing.")})
    if request.state != RequestState.PENDING:
        raise Invalid({"answer": _l("This request has already been answered.")})
    request.state = RequestState.AGREED if agreed else RequestState.REFUSED
    request.answer = answer
    request.answered_at = utcnow()


def answer_join(actor, request: JoinRequest, agreed: bool, answer: str) -> None:
    """The owner agrees (with conditions) or refuses (with a reason); the outcome is public in summary."""
    _answer(request, agreed, answer)
    request.answered_by_id = actor.id
    audit.record(actor, "infrastructure.join_answer", "planned_work", request.work_id,
                 municipality_id=request.work.municipality_id, reason=request.answer,
                 details={"request": request.id, "state": request.state.value, "operator": request.operator_id})
    record_event("infrastructure.join_answered", "planned_work", request.work_id, actor, request_id=request.id,
                 state=request.state.value, operator_id=request.operator_id,
                 requested_by_id=request.requested_by_id)
    db.session.commit()


def finish_work(actor, work: PlannedWork, spare_capacity: str = "") -> list[Asset]:
    """The works are done: ducts laid in the trench (agreed requests, the municipality's spare) become assets."""
    work.status = WorkStatus.FINISHED
    work.finished_at = utcnow()
    laid = []
    for request in work.join_requests:
        if request.state == RequestState.AGREED:
            laid.append(Asset(kind=AssetKind.DUCT, name=f"{work.title}: {request.operator.name}",
                              owner=request.operator.name, free_capacity=request.what[:200],
                              conditions=AssetConditions.ON_REQUEST, contact=request.operator.contact_email or ""))
    if (spare_capacity or "").strip():
        laid.append(Asset(kind=AssetKind.DUCT, name=work.title, owner=work.municipality.name,
                          free_capacity=spare_capacity.strip()[:200], conditions=AssetConditions.ON_REQUEST,
                          contact=work.contact))
    for asset in laid:
        asset.municipality_id = work.municipality_id
        asset.route = work.route
        asset.source_work_id = work.id
        asset.created_by_id = actor.id
        asset.status = AssetStatus.AVAILABLE
        db.session.add(asset)
    db.session.flush()
    audit.record(actor, "infrastructure.work_finish", "planned_work", work.id, municipality_id=work.municipality_id,
                 details={"assets": [asset.id for asset in laid]})
    db.session.commit()
    return laid


# ----- access requests -----

def add_months(day: date, months: int) -> date:
    """The same day `months` later (the month's last day where it is shorter)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def answer_due(day: date) -> date:
    return add_months(day, current_app.config["INFRASTRUCTURE_ANSWER_MONTHS"])


@dataclass
class AccessData:
    purpose: str
    timetable: str = ""
    localities: list = field(default_factory=list)


def request_access(actor, operator, asset: Asset | None, data: AccessData) -> AccessRequest:
    """An operator asks for access to an asset that is offered; the municipality answers within the deadline."""
    if asset is None or not asset.is_shareable:
        raise Invalid({"asset": NOT_SHAREABLE})
    if not data.purpose.strip():
        raise Invalid({"purpose": _l("Say what you would use it for.")})
    request = AccessRequest(asset_id=asset.id, operator_id=operator.id, requested_by_id=actor.id,
                            purpose=data.purpose.strip(), timetable=(data.timetable or "").strip(),
                            due_on=answer_due(date.today()))
    request.localities = list(data.localities)
    db.session.add(request)
    db.session.flush()
    record_event("infrastructure.access_requested", "access_request", request.id, actor,
                 municipality_id=asset.municipality_id, operator=operator.name)
    db.session.commit()
    return request


def answer_access(actor, request: AccessRequest, agreed: bool, answer: str) -> None:
    """The municipality agrees (with conditions) or refuses (with a reason)."""
    _answer(request, agreed, answer)
    request.answered_by_id = actor.id
    audit.record(actor, "infrastructure.access_answer", "access_request", request.id,
                 municipality_id=request.asset.municipality_id, reason=request.answer,
                 details={"state": request.state.value, "operator": request.operator_id,
                          "in_time": request.answered_in_time})
    record_event("infrastructure.access_answered", "access_request", request.id, actor,
                 state=request.state.value, municipality_id=request.asset.municipality_id)
    db.session.commit()


def make_agreement(actor, request: AccessRequest):
    """An agreed request becomes a cooperation agreement in negotiation: the municipality and the operator."""
    asset = request.asset

    def tie(agreement):
        request.agreement_id = agreement.id
        audit.record(actor, "infrastructure.access_agreement", "access_request", request.id,
                     municipality_id=asset.municipality_id, details={"agreement": agreement.id})

    title = f"{asset.name} – {request.operator.name}"  # names only: the same in both languages
    data = agreements.AgreementData(
        title=title[:200], kind=AgreementKind.MEMORANDUM, status=AgreementStatus.NEGOTIATION,
        summary=f"{request.purpose}\n\n{request.answer}".strip(), municipalities=[asset.municipality],
        operators=[request.operator])
    return agreements.create_agreement(actor, data, before_commit=tie)
