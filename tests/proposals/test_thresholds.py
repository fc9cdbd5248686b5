"""A proposal is never held to more municipalities than it can count (issue 19)."""

from decimal import Decimal
from types import SimpleNamespace

import pytest

from participation.proposals import services, thresholds
from tests.factories import GroupingFactory, MunicipalityFactory, UserFactory

from .factories import ProposalFactory, supporters

RULE = thresholds.ThresholdRule(municipalities=3, min_supporters=10, population_percent=Decimal("1"))


def _towns(count):
    return [SimpleNamespace(id=i, population=500) for i in range(1, count + 1)]


@pytest.mark.parametrize(("touched", "members", "needed"), [
    (1, None, 1),          # one municipality: enough support there
    (2, None, 2),          # two under a rule of three: both
    (3, None, 3),          # exactly the rule
    (5, None, 3),          # more than the rule: the rule
    (4, {1, 2}, 2),        # only two are members of the grouping: both of them
    (2, set(), 0),         # none is a member: no target at all
])
def test_needed_is_capped_at_what_can_be_counted(touched, members, needed):
    progress = thresholds.evaluate(RULE, _towns(touched), {}, members)
    assert progress.needed == needed
    assert progress.reachable is (needed > 0)
    assert progress.reached is False


def test_two_municipalities_reach_the_threshold_with_both_met():
    towns = _towns(2)
    assert not thresholds.evaluate(RULE, towns, {1: 10, 2: 9}).reached
    reached = thresholds.evaluate(RULE, towns, {1: 10, 2: 10})
    assert reached.reached and reached.progress == 2


def test_a_proposal_with_no_countable_municipality_never_reaches_it():
    progress = thresholds.evaluate(RULE, _towns(2), {1: 100, 2: 100}, set())
    assert progress.reached is False and progress.progress == 0


def test_two_town_proposal_is_recorded_as_reached(app):
    towns = [MunicipalityFactory(population=100) for _ in range(2)]
    proposal = ProposalFactory(municipalities=towns)
    supporters(proposal, towns[0], 10)
    assert services.check_threshold(proposal) is False
    supporters(proposal, towns[1], 10)
    assert services.check_threshold(proposal) is True


def test_panel_never_shows_an_unreachable_target(client, app):
    towns = [MunicipalityFactory(population=100) for _ in range(2)]
    proposal = ProposalFactory(municipalities=towns)
    client.set_cookie("lang", "en")
    page = client.get(f"/podnety/{proposal.id}").get_data(as_text=True)
    assert "enough support in 0 of 2 municipalities" in page
    assert "of 3 municipalities" not in page
    assert f'id="proposal-{proposal.id}-threshold" max="2"' in page


def test_panel_says_when_no_municipality_counts(client, app):
    member, outsider = MunicipalityFactory(), MunicipalityFactory()
    grouping = GroupingFactory(members=[member])
    proposal = ProposalFactory(municipalities=[outsider], grouping=grouping)
    client.set_cookie("lang", "en")
    page = client.get(f"/podnety/{proposal.id}").get_data(as_text=True)
    assert "cannot reach the cross-municipal threshold" in page
    assert f'id="proposal-{proposal.id}-threshold"' not in page


def test_form_preview_says_the_threshold_before_publishing(client, login, app):
    towns = [MunicipalityFactory() for _ in range(2)]
    login(UserFactory(home_municipality=towns[0], locale="en"))
    response = client.post("/podnety/novy", headers={"Accept-Language": "en"}, data={
        "title": "Chybí cyklostezka přes hranici obcí", "body": "Cesta je nebezpečná.",
        "category": "transport", "municipalities": [str(t.id) for t in towns], "grouping": "",
        "latitude": "", "longitude": "", "action": "preview",
    })
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "will need enough support in 2 of the municipalities it touches" in page
    assert "The rule asks for 3 municipalities" in page
