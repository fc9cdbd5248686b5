"""Writing up good practice: the rules, one transaction, audit entries and the publish event."""

import pytest
from sqlalchemy import func, select

from participation.audit.models import AuditEntry
from participation.extensions import db
from participation.good_practice import services
from participation.good_practice.models import GoodPractice, GoodPracticeStatus
from participation.notifications.models import Event
from participation.projects.models import ProjectStatus
from participation.proposals.models import Category
from tests.agreements.factories import AgreementFactory
from tests.projects.factories import ProjectFactory


def _data(world, **overrides):
    values = {"title": "Sdílený sběrný dvůr", "summary": "Čtyři obce, jeden dvůr.", "category": Category.WASTE,
              "body": "Text", "proposals": [world["solved"]]}
    values.update(overrides)
    return services.PracticeData(**values)


@pytest.fixture(autouse=True)
def _request(app):
    """Messages are translated lazily; reading them needs a request's locale."""
    with app.test_request_context(headers={"Accept-Language": "en"}):
        yield


def _count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_create_defaults_municipalities_from_proposals_and_audits(world):
    practice = services.create(world["moderator"], _data(world))
    assert practice.status == GoodPracticeStatus.DRAFT and practice.published_at is None
    assert {m.id for m in practice.municipalities} == {world["a"].id, world["b"].id}
    assert practice.search_text == "sdileny sberny dvur ctyri obce, jeden dvur. text"
    assert db.session.scalar(select(AuditEntry.action)) == "good_practice.create"


@pytest.mark.parametrize("overrides, field", [
    ({"title": "  "}, "title"),
    ({"summary": ""}, "summary"),
    ({"proposals": []}, "proposals"),
])
def test_missing_parts_are_refused_and_nothing_is_written(world, overrides, field):
    with pytest.raises(services.Invalid) as refused:
        services.create(world["moderator"], _data(world, **overrides))
    assert field in refused.value.errors
    assert _count(GoodPractice) == 0 and _count(AuditEntry) == 0


def test_a_proposal_that_is_not_solved_cannot_be_linked(world):
    with pytest.raises(services.Invalid) as refused:
        services.create(world["moderator"], _data(world, proposals=[world["solved"], world["open"]]))
    assert "Svoz bioodpadu" in str(refused.value.errors["proposals"])
    assert "solved" in str(refused.value.errors["proposals"])
    assert _count(GoodPractice) == 0


def test_a_proposal_outside_scope_cannot_be_linked(world):
    with pytest.raises(services.Invalid) as refused:
        services.create(world["moderator"], _data(world, proposals=[world["elsewhere"]]))
    assert "outside" in str(refused.value.errors["proposals"])


def test_only_a_finished_project_can_be_linked(world):
    building = ProjectFactory(municipalities=[world["a"]], status=ProjectStatus.BUILDING)
    with pytest.raises(services.Invalid) as refused:
        services.create(world["moderator"], _data(world, proposals=[], project=building))
    assert "project_id" in refused.value.errors
    done = ProjectFactory(municipalities=[world["a"]], status=ProjectStatus.DONE)
    practice = services.create(world["moderator"], _data(world, proposals=[], project=done))
    assert practice.project_id == done.id and [m.id for m in practice.municipalities] == [world["a"].id]


def test_a_draft_agreement_or_one_without_my_parties_is_refused(world):
    draft = AgreementFactory(municipalities=[world["a"]], status="draft")
    foreign = AgreementFactory(municipalities=[world["c"]])
    for agreement in (draft, foreign):
        with pytest.raises(services.Invalid) as refused:
            services.create(world["moderator"], _data(world, agreement=agreement))
        assert "agreement_id" in refused.value.errors


def test_municipalities_must_include_one_in_scope(world):
    with pytest.raises(services.Invalid) as refused:
        services.create(world["moderator"], _data(world, municipalities=[world["c"]]))
    assert "municipalities" in refused.value.errors


def test_update_audits_what_changed(world):
    practice = services.create(world["moderator"], _data(world))
    services.update(world["representative"], practice, _data(world, title="Nový název"))
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "good_practice.update")).one()
    assert entry.details == {"changed": ["title"]} and entry.actor_id == world["representative"].id


def test_publish_records_event_and_audit_unpublish_audits(world):
    practice = services.create(world["moderator"], _data(world))
    assert services.publish(world["moderator"], practice) is True
    assert practice.is_published and practice.published_at is not None
    event = db.session.scalars(select(Event)).one()
    assert (event.kind, event.subject_type, event.subject_id) == ("good_practice.published", "good_practice",
                                                                   practice.id)
    assert event.payload["title"] == "Sdílený sběrný dvůr"
    assert event.payload["proposal_ids"] == [world["solved"].id]
    assert services.publish(world["moderator"], practice) is False
    assert services.unpublish(world["moderator"], practice, "oprava čísel") is True
    actions = db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions == ["good_practice.create", "good_practice.publish", "good_practice.unpublish"]
    assert practice.status == GoodPracticeStatus.DRAFT
