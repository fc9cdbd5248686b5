"""Who writes, edits, publishes and sees drafts of good practice: every role, in and out of scope."""

import pytest
from flask_login import AnonymousUserMixin

from participation.good_practice.models import GoodPracticeStatus
from participation.permissions import good_practice as rules
from tests.good_practice.factories import GoodPracticeFactory

ROLES = ("visitor", "resident", "moderator", "moderator_out", "representative", "representative_out",
         "administrator")
WRITERS = {"moderator", "representative", "administrator"}
STAFF = WRITERS | {"moderator_out", "representative_out"}


def _user(world, role):
    return AnonymousUserMixin() if role == "visitor" else world[role]


@pytest.mark.parametrize("role", ROLES)
def test_create_is_for_staff(world, role):
    assert rules.can_create(_user(world, role)) is (role in STAFF)


@pytest.mark.parametrize("role", ROLES)
def test_edit_and_publish_need_scope(world, role):
    practice = GoodPracticeFactory(status=GoodPracticeStatus.DRAFT, municipalities=[world["a"]])
    user = _user(world, role)
    assert rules.can_edit(user, practice) is (role in WRITERS)
    assert rules.can_publish(user, practice) is (role in WRITERS)


@pytest.mark.parametrize("role", ROLES)
def test_drafts_are_seen_only_by_writers_in_scope(world, role):
    draft = GoodPracticeFactory(status=GoodPracticeStatus.DRAFT, municipalities=[world["a"]])
    draft_of_b = GoodPracticeFactory(status=GoodPracticeStatus.DRAFT, municipalities=[world["b"]])
    published = GoodPracticeFactory(municipalities=[world["b"]])
    user = _user(world, role)
    assert rules.can_view(user, draft) is (role in WRITERS)
    # The moderator of Lanškroun does not act for Tatenice; the grouping's representative does.
    assert rules.can_view(user, draft_of_b) is (role in {"representative", "administrator"})
    assert rules.can_view(user, published) is True


@pytest.mark.parametrize("role", ROLES)
def test_writing_about_a_proposal_needs_its_scope(world, role):
    user = _user(world, role)
    assert rules.can_write_about_proposal(user, world["solved"]) is (role in WRITERS)
    assert rules.can_write_about_proposal(user, world["elsewhere"]) is (
        role in {"moderator_out", "representative_out", "administrator"})


def test_project_municipalities_and_agreement_parties_count_for_scope(world):
    from tests.agreements.factories import AgreementFactory
    from tests.projects.factories import ProjectFactory

    project = ProjectFactory(municipalities=[world["c"]])
    practice = GoodPracticeFactory(municipalities=[world["a"]], project=project)
    assert rules.can_edit(world["moderator_out"], practice)
    agreement = AgreementFactory(groupings=[world["other"]])
    practice = GoodPracticeFactory(municipalities=[world["a"]], agreement=agreement)
    assert rules.can_edit(world["representative_out"], practice)
    assert not rules.can_edit(world["resident"], practice)
