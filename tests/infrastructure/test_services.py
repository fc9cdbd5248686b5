"""The rules: places in Czechia, routes of two points or more, deadlines, shareable assets, answers, audit, events."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from participation.agreements.models import Agreement
from participation.audit.models import AuditEntry
from participation.events.models import Event
from participation.extensions import db
from participation.infrastructure import services
from participation.infrastructure.models import (
    AccessRequest,
    Asset,
    AssetKind,
    JoinRequest,
    RequestState,
    WorkStatus,
)
from participation.notifications.dispatch import dispatch_event
from participation.notifications.models import Notification
from tests.factories import moderator_of
from tests.infrastructure.conftest import asset_data, work_data


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _audited(action: str) -> int:
    return db.session.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.action == action))


def test_an_asset_needs_a_point_or_a_route(app, world, english):
    with pytest.raises(services.Invalid) as refused:
        services.create_asset(world["moderator"], world["a"], asset_data(route=[]))
    assert "a point" in str(refused.value.errors["latitude"])
    assert _count(Asset) == 0


def test_a_route_of_one_point_or_outside_czechia_is_refused(app, world, english):
    with pytest.raises(services.Invalid) as one_point:
        services.create_asset(world["moderator"], world["a"], asset_data(route=[(49.97, 16.39)]))
    assert "at least two points" in str(one_point.value.errors["route"])
    with pytest.raises(services.Invalid) as vienna:
        services.create_asset(world["moderator"], world["a"], asset_data(
            route=[], latitude=48.2082, longitude=16.3738))
    assert "Czech Republic" in str(vienna.value.errors["latitude"])
    assert _count(Asset) == 0


def test_a_parcel_needs_its_cadastral_area_and_number(app, world, english):
    with pytest.raises(services.Invalid) as refused:
        services.create_asset(world["moderator"], world["a"], asset_data(kind=AssetKind.PARCEL, free_capacity=""))
    assert set(refused.value.errors) == {"cadastral_area", "parcel_number"}


def test_recording_an_asset_is_audited(app, world, infra):
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "infrastructure.asset_create",
                                                       AuditEntry.subject_id == infra["duct"].id))
    assert entry.actor_id == world["moderator"].id and entry.municipality_id == world["a"].id


def test_a_joining_deadline_after_the_start_is_refused(app, world, english):
    start = date.today() + timedelta(days=30)
    with pytest.raises(services.Invalid) as refused:
        services.create_work(world["moderator"], world["a"], work_data(
            starts_on=start, joining_deadline=start + timedelta(days=1)))
    assert "must not be after the works start" in str(refused.value.errors["joining_deadline"])
    with pytest.raises(services.Invalid) as short:
        services.create_work(world["moderator"], world["a"], work_data(route=[(49.97, 16.39)]))
    assert "route" in short.value.errors


def test_planned_works_notify_operators_neighbours_and_the_groupings_staff(app, world, operators, infra):
    event = db.session.scalar(select(Event).where(Event.kind == "infrastructure.work_planned"))
    neighbour = moderator_of(world["b"])  # b shares the grouping with a
    stranger = world["moderator_out"]
    told = set(dispatch_event(event.id, with_email=False) or [])
    recipients = set(db.session.scalars(select(Notification.user_id).where(Notification.event_id == event.id)))
    assert operators["staff"].id in recipients  # its operator works in "a"
    assert operators["staff_far"].id not in recipients
    assert world["representative"].id in recipients
    assert neighbour.id in recipients or not told  # created after the event: may not be a recipient yet
    assert stranger.id not in recipients
    assert world["moderator"].id not in recipients  # the actor


def test_an_operator_joins_before_the_deadline_and_the_moderator_agrees(app, world, operators, infra):
    work, staff = infra["work"], operators["staff"]
    request = services.request_join(staff, operators["net"], work, "2× HDPE 40 mm po celé trase")
    services.answer_join(world["moderator"], request, True, "Uložení na náklady operátora, v hloubce 1,2 m.")
    assert request.state == RequestState.AGREED and request.answered_by_id == world["moderator"].id
    assert _audited("infrastructure.join_answer") == 1
    kinds = set(db.session.scalars(select(Event.kind)))
    assert {"infrastructure.join_requested", "infrastructure.join_answered"} <= kinds
    answered = db.session.scalar(select(Event).where(Event.kind == "infrastructure.join_answered"))
    dispatch_event(answered.id, with_email=False)
    assert staff.id in set(db.session.scalars(select(Notification.user_id).where(
        Notification.event_id == answered.id)))


def test_joining_after_the_deadline_is_refused(app, world, operators, infra, english):
    work = infra["work"]
    with pytest.raises(services.Invalid) as late:
        services.request_join(operators["staff"], operators["net"], work, "Kabel",
                              today=work.joining_deadline + timedelta(days=1))
    assert "deadline for joining" in str(late.value.errors["what"])
    assert _count(JoinRequest) == 0


def test_a_refusal_needs_a_reason(app, world, operators, infra, english):
    request = services.request_join(operators["staff"], operators["net"], infra["work"], "Kabel")
    with pytest.raises(services.Invalid):
        services.answer_join(world["moderator"], request, False, " ")
    db.session.rollback()
    assert db.session.get(JoinRequest, request.id).state == RequestState.PENDING


def test_finished_works_turn_laid_ducts_into_shareable_assets(app, world, operators, infra):
    work = infra["work"]
    request = services.request_join(operators["staff"], operators["net"], work, "2× HDPE 40")
    services.answer_join(world["moderator"], request, True, "")
    laid = services.finish_work(world["moderator"], work, "2 prázdné trubky HDPE 40 pro obec")
    assert work.status == WorkStatus.FINISHED
    assert len(laid) == 2 and all(asset.is_shareable and asset.route == work.route for asset in laid)
    assert {asset.owner for asset in laid} == {operators["net"].name, world["a"].name}
    assert _audited("infrastructure.work_finish") == 1


def test_access_to_an_asset_not_offered_is_refused(app, world, operators, infra, english):
    with pytest.raises(services.Invalid) as refused:
        services.request_access(operators["staff"], operators["net"], infra["reserved"],
                                services.AccessData("Anténa pro Knapovec"))
    assert "not offered" in str(refused.value.errors["asset"])
    assert _count(AccessRequest) == 0


def test_an_access_request_is_due_in_two_months_and_counts_in_the_yearly_summary(app, world, operators, infra):
    from participation.infrastructure import queries

    request = services.request_access(operators["staff"], operators["net"], infra["mast"], services.AccessData(
        "Anténa pro pevné bezdrátové připojení", "Stavba v létě", [world["hamlet"]]))
    assert request.due_on == services.add_months(date.today(), 2)
    services.answer_access(world["moderator"], request, True, "Nájem 12 000 Kč ročně.")
    summary = queries.yearly_summary(world["a"].id)
    assert summary == [{"year": date.today().year, "received": 1, "in_time": 1, "agreed": 1}]
    assert _audited("infrastructure.access_answer") == 1


def test_an_agreed_request_becomes_an_agreement_with_the_operator_as_a_party(app, world, operators, infra):
    request = services.request_access(operators["staff"], operators["net"], infra["mast"],
                                      services.AccessData("Anténa"))
    services.answer_access(world["moderator"], request, True, "")
    agreement = services.make_agreement(world["moderator"], request)
    assert request.agreement_id == agreement.id
    stored = db.session.get(Agreement, agreement.id)
    assert [o.id for o in stored.operators] == [operators["net"].id]
    assert [m.id for m in stored.municipalities] == [world["a"].id]
    assert _audited("infrastructure.access_agreement") == 1


def test_months_are_added_to_the_end_of_a_shorter_month(app):
    assert services.add_months(date(2026, 12, 31), 2) == date(2027, 2, 28)
