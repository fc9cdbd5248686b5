"""Referrals waiting for the region's or the state's answer, in the moderator's inbox with their age."""

from datetime import timedelta

import pytest

from participation.common.models import utcnow
from participation.extensions import db
from participation.referrals.models import Referral, ReferralLevel
from participation.workspaces.inbox import InboxFilters, inbox_page
from tests.factories import MunicipalityFactory, UserFactory, administrator, moderator_of
from tests.proposals.factories import ProposalFactory


def _ago(days):
    return utcnow() - timedelta(days=days, hours=1)


def _refer(proposal, days, level=ReferralLevel.REGION, addressee="Krajský úřad Pardubického kraje", answered=False):
    referral = Referral(proposal_id=proposal.id, level=level, addressee=addressee, reason="Přesahuje obec.",
                        created_at=_ago(days), response="Zařadíme do plánu." if answered else "",
                        responded_at=utcnow() if answered else None)
    db.session.add(referral)
    db.session.commit()
    return referral


@pytest.fixture
def world(app):
    here, there = MunicipalityFactory(name="Lhota"), MunicipalityFactory(name="Ves")
    w = {"here": here, "there": there}
    w["referred"] = ProposalFactory(title="Silnice II/315", municipalities=[here], published_at=_ago(40))
    _refer(w["referred"], 21)
    _refer(w["referred"], 7, ReferralLevel.STATE, "Ministerstvo dopravy")
    w["answered"] = ProposalFactory(title="Zodpovězeno krajem", municipalities=[here], published_at=_ago(40))
    _refer(w["answered"], 30, answered=True)
    w["elsewhere"] = ProposalFactory(title="Most ve Vsi", municipalities=[there], published_at=_ago(40))
    _refer(w["elsewhere"], 12)
    w["hidden"] = ProposalFactory(title="Skrytý", municipalities=[here], published_at=_ago(40), hidden_at=utcnow())
    _refer(w["hidden"], 50)
    w["moderator"] = moderator_of(here)
    return w


def _referrals(user):
    page = inbox_page(user, InboxFilters.from_args({"kind": "referral"}, user), 1, 50)
    return [(e.proposal.id, e.age_days, [r.addressee for r in e.referrals]) for e in page.items]


def test_moderator_sees_unanswered_referrals_with_their_age(world):
    assert _referrals(world["moderator"]) == [
        (world["referred"].id, 21, ["Krajský úřad Pardubického kraje", "Ministerstvo dopravy"]),
    ]


def test_answered_hidden_and_other_municipalities_referrals_are_not_shown(world):
    ids = [proposal_id for proposal_id, _age, _to in _referrals(world["moderator"])]
    assert world["answered"].id not in ids and world["hidden"].id not in ids and world["elsewhere"].id not in ids
    everything = [proposal_id for proposal_id, _age, _to in _referrals(administrator())]
    assert set(everything) == {world["referred"].id, world["elsewhere"].id}


def test_a_resident_has_no_inbox(client, login, world):
    login(UserFactory(home_municipality=world["here"]))
    assert client.get("/schranka?kind=referral").status_code == 403


def test_the_inbox_page_shows_the_referral_and_its_age(client, login, world):
    login(world["moderator"])
    page = client.get("/schranka").get_data(as_text=True)
    assert "Silnice II/315" in page
    assert "Ministerstvo dopravy" in page and "Krajský úřad Pardubického kraje" in page
    assert "21 dní" in page or "21 days" in page
    assert 'value="referral"' in page  # the kind filter offers it
    only = client.get("/schranka?kind=referral", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "Silnice II/315" in only and "<html" not in only


def test_query_count_does_not_grow_with_referrals(client, login, world, count_queries):
    login(world["moderator"])
    here_id = world["here"].id

    def count():
        db.session.expunge_all()
        with count_queries() as counter:
            assert client.get("/schranka?kind=referral").status_code == 200
        return counter["n"]

    few = count()
    from participation.territory.models import Municipality

    here = db.session.get(Municipality, here_id)
    for n in range(6):
        _refer(ProposalFactory(title=f"Další {n}", municipalities=[here], published_at=_ago(30)), 10 + n)
    assert count() == few
