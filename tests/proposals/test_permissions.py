"""Who may do what with a proposal, for every role."""

import pytest
from sqlalchemy import func, select

from participation.accounts.models import Role, RoleKind
from participation.common.models import utcnow
from participation.extensions import db
from participation.permissions import proposals as rules
from participation.proposals.models import OfficialAnswer, ProposalStatus, Support
from tests.factories import (
    GroupingFactory,
    MunicipalityFactory,
    RegionFactory,
    RoleFactory,
    UserFactory,
    administrator,
    moderator_of,
    representative_of,
)

from .factories import DraftFactory, ProposalFactory


@pytest.fixture
def world(app):
    """Two neighbouring towns in a grouping, one town elsewhere, and a proposal in the first."""
    here, neighbour, far = MunicipalityFactory(), MunicipalityFactory(), MunicipalityFactory()
    grouping = GroupingFactory(members=[here, neighbour])
    proposal = ProposalFactory(municipalities=[here])
    region_admin = UserFactory()
    RoleFactory(user=region_admin, kind=RoleKind.ADMINISTRATOR, region=here.region)
    return {
        "proposal": proposal,
        "here": here,
        "grouping": grouping,
        "resident": UserFactory(home_municipality=here),
        "author": proposal.author,
        "moderator_here": moderator_of(here),
        "moderator_far": moderator_of(far),
        "representative": representative_of(grouping),
        "other_representative": representative_of(GroupingFactory(members=[far])),
        "administrator": administrator(),
        "region_admin": region_admin,
        "other_region_admin": _region_admin(),
    }


def _region_admin():
    user = UserFactory()
    RoleFactory(user=user, kind=RoleKind.ADMINISTRATOR, region=RegionFactory())
    return user


MODERATE = {
    "resident": False, "author": False, "moderator_here": True, "moderator_far": False,
    "representative": True, "other_representative": False, "administrator": True,
    "region_admin": True, "other_region_admin": False,
}


@pytest.mark.parametrize("role, allowed", MODERATE.items())
def test_can_moderate_by_scope(world, role, allowed):
    assert rules.can_moderate(world[role], world["proposal"]) is allowed


def test_representative_of_the_proposals_grouping_moderates_it_even_outside_members(app):
    outside = MunicipalityFactory()
    grouping = GroupingFactory()
    proposal = ProposalFactory(municipalities=[outside], grouping=grouping)
    assert rules.can_moderate(representative_of(grouping), proposal)


@pytest.mark.parametrize("role, allowed", MODERATE.items())
def test_moderation_pages_and_actions_follow_scope(world, client, login, role, allowed):
    proposal = world["proposal"]
    login(world[role])
    expected = 200 if allowed else 403
    assert client.get(f"/podnety/{proposal.id}/moderovat").status_code == expected
    response = client.post(f"/podnety/{proposal.id}/stav",
                           data={"status-status": "under_review", "status-reason": "Posoudíme."})
    assert response.status_code == (303 if allowed else 403)
    response = client.post(f"/podnety/{proposal.id}/odpovedet",
                           data={"answer-on_behalf": f"m:{world['here'].id}", "answer-body": "Odpověď"})
    if allowed and role != "representative" and role != "region_admin" and role != "administrator":
        assert response.status_code == 303
    elif not allowed:
        assert response.status_code == 403
    # The retired anonymous paper form sends everyone to the office desk and records nothing.
    response = client.post(f"/podnety/{proposal.id}/papirova-podpora",
                           data={"paper-municipality": str(world["here"].id)})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/podnety/{proposal.id}/za-obcana")
    assert db.session.scalar(select(func.count()).select_from(Support)) == 0


def test_visitor_gets_login_or_403_on_moderation(world, client):
    proposal = world["proposal"]
    assert client.get(f"/podnety/{proposal.id}/moderovat").status_code in (302, 303, 403)
    assert client.post(f"/podnety/{proposal.id}/stav").status_code in (302, 303, 403)


def test_answer_on_behalf_of_grouping_by_representative(world, client, login):
    proposal = world["proposal"]
    proposal.grouping_id = world["grouping"].id
    db.session.commit()
    login(world["representative"])
    response = client.post(f"/podnety/{proposal.id}/odpovedet",
                           data={"answer-on_behalf": f"g:{world['grouping'].id}", "answer-body": "Svazek to řeší."})
    assert response.status_code == 303
    answer = db.session.scalars(select(OfficialAnswer)).one()
    assert answer.grouping_id == world["grouping"].id
    html = client.get(f"/podnety/{proposal.id}").get_data(as_text=True)
    assert "Svazek to řeší." in html


def test_answer_on_behalf_of_municipality_outside_scope_is_refused(world, client, login):
    proposal = world["proposal"]
    login(world["moderator_here"])
    response = client.post(f"/podnety/{proposal.id}/odpovedet",
                           data={"answer-on_behalf": f"m:{world['moderator_far'].home_municipality_id}",
                                 "answer-body": "Cizí odpověď"})
    assert response.status_code == 422
    assert db.session.scalar(select(func.count()).select_from(OfficialAnswer)) == 0


def test_status_change_needs_a_reason(world, client, login):
    proposal = world["proposal"]
    login(world["moderator_here"])
    response = client.post(f"/podnety/{proposal.id}/stav", data={"status-status": "solved", "status-reason": ""})
    assert response.status_code == 422
    response = client.post(f"/podnety/{proposal.id}/stav",
                           data={"status-status": "merged", "status-reason": "x"})
    assert response.status_code == 422  # merged only through merging
    db.session.refresh(proposal)
    assert proposal.status == ProposalStatus.PUBLISHED


def test_status_change_shows_in_history(world, client, login):
    proposal = world["proposal"]
    login(world["moderator_here"])
    client.post(f"/podnety/{proposal.id}/stav",
                data={"status-status": "not_taken_up", "status-reason": "Mimo naši působnost."})
    html = client.get(f"/podnety/{proposal.id}").get_data(as_text=True)
    assert "Nepřijato" in html and "Mimo naši působnost." in html


def test_merge_through_the_page(world, client, login):
    here = world["here"]
    duplicate = world["proposal"]
    survivor = ProposalFactory(municipalities=[here])
    login(world["moderator_far"])
    assert client.post(f"/podnety/{duplicate.id}/sloucit",
                       data={"merge-survivor": str(survivor.id), "merge-reason": "x"}).status_code == 403
    login(world["moderator_here"])
    response = client.post(f"/podnety/{duplicate.id}/sloucit",
                           data={"merge-survivor": str(survivor.id), "merge-reason": "Stejné téma"})
    assert response.status_code == 303
    db.session.refresh(duplicate)
    assert duplicate.status == ProposalStatus.MERGED and duplicate.merged_into_id == survivor.id
    html = client.get(f"/podnety/{duplicate.id}").get_data(as_text=True)
    assert f'href="/podnety/{survivor.id}"' in html


@pytest.mark.parametrize("survivor_value", ["abc", "", "999999"])
def test_merge_with_bad_target_is_refused(world, client, login, survivor_value):
    login(world["moderator_here"])
    response = client.post(f"/podnety/{world['proposal'].id}/sloucit",
                           data={"merge-survivor": survivor_value, "merge-reason": "x"})
    assert response.status_code in (403, 422)


def test_merge_into_itself_is_refused(world, client, login):
    proposal = world["proposal"]
    assert not rules.can_merge(world["moderator_here"], proposal, proposal)


def test_drafts_only_for_author(app):
    draft = DraftFactory()
    assert rules.can_view(draft.author, draft)
    assert not rules.can_view(UserFactory(), draft)
    assert not rules.can_view(administrator(), draft)
    assert rules.can_edit(draft.author, draft) and rules.can_publish(draft.author, draft)
    assert not rules.can_support(draft.author, draft)


def test_edit_rules(app):
    proposal = ProposalFactory()
    author = proposal.author
    assert rules.can_edit(author, proposal)
    assert not rules.can_edit(UserFactory(), proposal)
    db.session.add(Support(proposal_id=proposal.id, user_id=UserFactory().id,
                           municipality_id=proposal.municipalities[0].id))
    db.session.commit()
    assert not rules.can_edit(author, proposal)
    under_review = ProposalFactory(status=ProposalStatus.UNDER_REVIEW)
    assert not rules.can_edit(under_review.author, under_review)


def test_withdraw_rules(app):
    proposal = ProposalFactory()
    assert rules.can_withdraw(proposal.author, proposal)
    assert not rules.can_withdraw(UserFactory(), proposal)
    proposal.status = ProposalStatus.WITHDRAWN
    assert not rules.can_withdraw(proposal.author, proposal)


def test_hidden_content_for_author_and_moderators_only(world):
    proposal = world["proposal"]
    proposal.hidden_at = utcnow()
    assert rules.can_view(world["author"], proposal)
    assert rules.can_view(world["moderator_here"], proposal)
    assert not rules.can_view(world["resident"], proposal)
    assert not rules.can_view(world["moderator_far"], proposal)
    assert not rules.can_view(None, proposal)
    assert not rules.can_support(world["resident"], proposal)


def test_support_needs_home_municipality_and_active_account(app):
    proposal = ProposalFactory()
    assert rules.can_support(UserFactory(), proposal)
    assert not rules.can_support(UserFactory(home_municipality=None), proposal)
    assert not rules.can_support(UserFactory(is_active_account=False), proposal)
    assert not rules.can_support(UserFactory(deleted_at=utcnow()), proposal)
    assert not rules.can_support(None, proposal)


def test_role_model_sanity(world):
    assert db.session.scalar(select(func.count()).select_from(Role)) >= 6
