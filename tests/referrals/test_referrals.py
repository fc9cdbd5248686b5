"""Passing a proposal on to the region or the state: who may, what residents see, the answer."""

import pytest
from sqlalchemy import select

from participation.accounts.models import RoleKind
from participation.audit.models import AuditEntry
from participation.common.models import utcnow
from participation.extensions import db
from participation.notifications.models import Event
from participation.proposals.models import ProposalStatus
from participation.referrals import services
from participation.referrals.models import Referral, ReferralLevel
from tests.factories import (
    GroupingFactory,
    MunicipalityFactory,
    RoleFactory,
    UserFactory,
    administrator,
    moderator_of,
    representative_of,
)
from tests.proposals.factories import ProposalFactory

GOOD = {"level": "region", "addressee": "Pardubický kraj, odbor dopravy",
        "reason": "Silnice II. třídy patří kraji; obce na ní přechod zřídit nemohou."}


@pytest.fixture
def world(app):
    here, there = MunicipalityFactory(name="Libchavy"), MunicipalityFactory(name="Kunvald")
    grouping, other_grouping = GroupingFactory(members=[here]), GroupingFactory(members=[there])
    proposal = ProposalFactory(municipalities=[here], grouping=grouping)
    return {"here": here, "there": there, "grouping": grouping, "other_grouping": other_grouping,
            "proposal": proposal}


ROLES = {
    "resident": lambda w: UserFactory(home_municipality=w["here"]),
    "moderator in scope": lambda w: moderator_of(w["here"]),
    "moderator elsewhere": lambda w: moderator_of(w["there"]),
    "representative of its grouping": lambda w: representative_of(w["grouping"]),
    "representative of another grouping": lambda w: representative_of(w["other_grouping"]),
    "administrator": lambda w: administrator(),
    "administrator of its region": lambda w: RoleFactory(kind=RoleKind.ADMINISTRATOR, region=w["here"].region).user,
}
MAY_REFER = {"moderator in scope", "representative of its grouping", "administrator", "administrator of its region"}


def test_a_visitor_is_sent_to_sign_in(client, world):
    response = client.get(f"/podnety/{world['proposal'].id}/postoupit")
    assert response.status_code == 302 and "/prihlaseni" in response.headers["Location"]


@pytest.mark.parametrize("role", sorted(ROLES))
def test_who_may_pass_a_proposal_on(client, login, world, role):
    login(ROLES[role](world))
    page = client.get(f"/podnety/{world['proposal'].id}/postoupit")
    sent = client.post(f"/podnety/{world['proposal'].id}/postoupit", data=GOOD)
    detail = client.get(f"/podnety/{world['proposal'].id}").get_data(as_text=True)
    if role in MAY_REFER:
        assert page.status_code == 200 and sent.status_code == 303
        assert db.session.scalar(select(Referral.addressee)) == GOOD["addressee"]
    else:
        assert page.status_code == 403 and sent.status_code == 403
        assert db.session.scalar(select(Referral.id)) is None
        assert f'href="/podnety/{world["proposal"].id}/postoupit"' not in detail


def test_passing_on_is_public_dated_audited_and_announced(client, login, world):
    moderator = moderator_of(world["here"], display_name="Jana Moderátorka")
    login(moderator)
    client.post(f"/podnety/{world['proposal'].id}/postoupit", data=GOOD)
    referral = db.session.scalars(select(Referral)).one()
    assert referral.level == ReferralLevel.REGION and referral.region_id == world["here"].region_id
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "proposal.referred")).one()
    assert entry.actor_id == moderator.id and entry.reason == GOOD["reason"]
    event = db.session.scalars(select(Event).where(Event.kind == "proposal.referred")).one()
    assert event.subject_id == world["proposal"].id and event.payload["addressee"] == GOOD["addressee"]

    client.get("/odhlaseni")
    login(UserFactory())
    html = client.get(f"/podnety/{world['proposal'].id}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert GOOD["addressee"] in html and GOOD["reason"] in html and "Jana Moderátorka" in html
    assert "No answer yet (0 days)." in html or "Zatím bez odpovědi (0 dní)." in html
    assert world["proposal"].status == ProposalStatus.PUBLISHED  # the trail grows, the status stays


@pytest.mark.parametrize("data, field", [
    ({**GOOD, "level": ""}, "level"),
    ({**GOOD, "level": "cosmos"}, "level"),
    ({**GOOD, "addressee": "  "}, "addressee"),
    ({**GOOD, "addressee": "x" * 201}, "addressee"),
    ({**GOOD, "reason": ""}, "reason"),
    ({**GOOD, "reason": "y" * 5001}, "reason"),
])
def test_bad_input_is_refused_next_to_the_field_and_kept(client, login, world, data, field):
    login(moderator_of(world["here"]))
    response = client.post(f"/podnety/{world['proposal'].id}/postoupit", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'id="{field}-error"' in html
    if field != "reason":
        assert GOOD["reason"] in html  # what was typed stays
    assert db.session.scalar(select(Referral.id)) is None


@pytest.mark.parametrize("status", [ProposalStatus.DRAFT, ProposalStatus.WITHDRAWN, ProposalStatus.MERGED])
def test_drafts_withdrawn_and_merged_proposals_are_not_passed_on(client, login, world, status):
    world["proposal"].status = status
    db.session.commit()
    login(administrator())
    assert client.post(f"/podnety/{world['proposal'].id}/postoupit", data=GOOD).status_code in (403, 404)
    assert db.session.scalar(select(Referral.id)) is None


def test_a_hidden_proposal_is_not_passed_on(client, login, world):
    world["proposal"].hidden_at = utcnow()
    db.session.commit()
    login(moderator_of(world["here"]))
    assert client.post(f"/podnety/{world['proposal'].id}/postoupit", data=GOOD).status_code == 403


def test_the_reason_is_shown_as_text_not_markup(client, login, world):
    login(moderator_of(world["here"]))
    client.post(f"/podnety/{world['proposal'].id}/postoupit", data={**GOOD, "reason": "<script>alert(1)</script>"})
    html = client.get(f"/podnety/{world['proposal'].id}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html


# --- the answer --------------------------------------------------------------------------------


def _referral(world, level=ReferralLevel.REGION) -> Referral:
    return services.refer(moderator_of(world["here"]), world["proposal"], level, GOOD["addressee"], GOOD["reason"])


@pytest.mark.parametrize("role, allowed", [
    ("administrator of its region", True),
    ("moderator in scope", True),
    ("administrator", True),
    ("resident", False),
    ("moderator elsewhere", False),
    ("representative of another grouping", False),
])
def test_who_records_the_answer(client, login, world, role, allowed):
    referral = _referral(world)
    login(ROLES[role](world))
    response = client.post(f"/postoupeni/{referral.id}/odpoved", data={"response": "Kraj přechod zařadí do plánu."})
    db.session.refresh(referral)
    if allowed:
        assert response.status_code == 303
        assert referral.response == "Kraj přechod zařadí do plánu." and referral.responded_at is not None
    else:
        assert response.status_code == 403 and referral.responded_at is None


def test_an_administrator_of_another_region_does_not_record_the_answer(client, login, world):
    referral = _referral(world)
    login(RoleFactory(kind=RoleKind.ADMINISTRATOR, region=world["there"].region).user)
    assert client.post(f"/postoupeni/{referral.id}/odpoved", data={"response": "Ne."}).status_code == 403


def test_the_answer_is_shown_audited_announced_and_recorded_once(client, login, world):
    referral = _referral(world)
    login(moderator_of(world["here"]))
    assert client.post(f"/postoupeni/{referral.id}/odpoved", data={"response": ""}).status_code == 422
    client.post(f"/postoupeni/{referral.id}/odpoved", data={"response": "Kraj přechod zařadí do plánu."})
    html = client.get(f"/podnety/{world['proposal'].id}").get_data(as_text=True)
    assert "Kraj přechod zařadí do plánu." in html
    assert f'href="/postoupeni/{referral.id}/odpoved"' not in html
    assert client.post(f"/postoupeni/{referral.id}/odpoved", data={"response": "Jiná"}).status_code == 403
    assert db.session.scalar(select(AuditEntry.id).where(AuditEntry.action == "referral.response")) is not None
    assert db.session.scalar(select(Event.id).where(Event.kind == "proposal.referral_answered")) is not None
    assert client.get("/postoupeni/999999/odpoved").status_code == 404


def test_followers_hear_of_it_in_their_notifications(app, world):
    from participation.follows.models import Follow
    from participation.notifications.dispatch import dispatch_pending
    from participation.notifications.models import Notification

    follower = UserFactory()
    db.session.add(Follow(user_id=follower.id, proposal_id=world["proposal"].id))
    db.session.commit()
    _referral(world)
    dispatch_pending()
    assert db.session.scalar(select(Notification.id).where(Notification.user_id == follower.id)) is not None


def test_the_proposal_page_costs_the_same_with_one_or_ten_referrals(client, world, count_queries):
    proposal_id = world["proposal"].id
    _referral(world)

    def count() -> int:
        db.session.expunge_all()  # tests share the app's session: start with nothing loaded
        with count_queries() as counter:
            assert client.get(f"/podnety/{proposal_id}").status_code == 200
        return counter["n"]

    one = count()
    proposal = db.session.get(type(world["proposal"]), proposal_id)
    for n in range(9):
        services.refer(moderator_of(MunicipalityFactory()), proposal, ReferralLevel.STATE,
                       f"Ministerstvo dopravy {n}", "Státní silnice.")
    assert count() == one
