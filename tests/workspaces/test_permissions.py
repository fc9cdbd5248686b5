"""Who may open My Spolu and the inbox, filter by a municipality, and bulk-change a proposal: every role."""

import pytest
from flask_login import AnonymousUserMixin

from participation.permissions import workspaces as rules
from participation.proposals.models import ProposalStatus
from tests.factories import (
    GroupingFactory,
    MunicipalityFactory,
    UserFactory,
    administrator,
    moderator_of,
    representative_of,
)
from tests.proposals.factories import ProposalFactory


@pytest.fixture
def roles(app):
    here, there = MunicipalityFactory(), MunicipalityFactory()
    grouping, other_grouping = GroupingFactory(members=[here]), GroupingFactory(members=[there])
    proposal = ProposalFactory(municipalities=[here])
    return {
        "here": here, "there": there, "proposal": proposal,
        "visitor": AnonymousUserMixin(),
        "resident": UserFactory(home_municipality=here),
        "moderator": moderator_of(here),
        "moderator elsewhere": moderator_of(there),
        "representative": representative_of(grouping),
        "representative elsewhere": representative_of(other_grouping),
        "administrator": administrator(),
    }


EXPECTED = {
    #                            mine,  inbox, filter here, bulk-change the proposal
    "visitor":                  (False, False, False, False),
    "resident":                 (True,  False, False, False),
    "moderator":                (True,  True,  True,  True),
    "moderator elsewhere":      (True,  True,  False, False),
    "representative":           (True,  True,  True,  True),
    "representative elsewhere": (True,  True,  False, False),
    "administrator":            (True,  True,  True,  True),
}


@pytest.mark.parametrize("role", EXPECTED)
def test_rules_for_every_role(roles, role):
    user = roles[role]
    assert (
        rules.can_view_mine(user),
        rules.can_view_inbox(user),
        rules.can_filter_by_municipality(user, roles["here"].id),
        rules.can_bulk_change_status(user, roles["proposal"]),
    ) == EXPECTED[role]


def test_bulk_change_follows_the_proposal_rules(roles):
    proposal = roles["proposal"]
    proposal.status = ProposalStatus.WITHDRAWN
    assert not rules.can_bulk_change_status(roles["moderator"], proposal)


def test_a_deleted_account_has_no_workspace(roles):
    from participation.common.models import utcnow

    user = roles["resident"]
    user.deleted_at = utcnow()
    assert not rules.can_view_mine(user)
