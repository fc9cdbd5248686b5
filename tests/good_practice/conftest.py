"""A territory with two municipalities in a grouping and one outside, and people in every role."""

import pytest

from participation.proposals.models import ProposalStatus
from tests.agreements.factories import ProposalFactory
from tests.factories import (
    GroupingFactory,
    MunicipalityFactory,
    RegionFactory,
    UserFactory,
    administrator,
    moderator_of,
    representative_of,
)


@pytest.fixture
def world(app):
    region = RegionFactory()
    a, b, c = (MunicipalityFactory(region=region, name=name) for name in ("Lanškroun", "Tatenice", "Žamberk"))
    grouping = GroupingFactory(name="Svazek obcí Lanškrounsko", members=[a, b])
    other = GroupingFactory(name="MAS Orlicko", members=[c])
    solved = ProposalFactory(title="Sběrný dvůr pro malé obce", status=ProposalStatus.SOLVED, municipalities=[a, b])
    open_proposal = ProposalFactory(title="Svoz bioodpadu", status=ProposalStatus.PUBLISHED, municipalities=[a])
    elsewhere = ProposalFactory(title="Dětská skupina", status=ProposalStatus.SOLVED, municipalities=[c])
    return {
        "a": a, "b": b, "c": c, "grouping": grouping, "other": other,
        "solved": solved, "open": open_proposal, "elsewhere": elsewhere,
        # English accounts, so that tests read the messages as written in the code.
        "resident": UserFactory(home_municipality=a, locale="en"),
        "moderator": moderator_of(a, locale="en"), "moderator_out": moderator_of(c, locale="en"),
        "representative": representative_of(grouping, locale="en"),
        "representative_out": representative_of(other, locale="en"),
        "administrator": administrator(locale="en"),
    }
