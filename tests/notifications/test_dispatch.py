"""Each event kind reaches exactly the right people, and nobody who must not hear."""

import time

import pytest
from sqlalchemy import func, insert, select

from participation.accounts.models import User
from participation.common.models import utcnow
from participation.extensions import db
from participation.follows import services as follows
from participation.follows.models import Follow
from participation.notifications.dispatch import dispatch_event, dispatch_pending
from participation.notifications.models import Notification
from participation.proposals.models import ProposalStatus
from tests.factories import GroupingFactory, MunicipalityFactory
from tests.follows.factories import (
    PlainProposalFactory,
    UserFactory,
    quick_moderator_of,
    quick_representative_of,
)
from tests.notifications.helpers import deliveries_of, fire, ids, recipients_of, reload_event


@pytest.fixture
def scene(app):
    """A proposal with its author, two followers, a bystander, its moderator and representative."""
    home, elsewhere = MunicipalityFactory(), MunicipalityFactory()
    grouping = GroupingFactory(members=[home])
    author = UserFactory(home_municipality=home)
    proposal = PlainProposalFactory(author=author, municipalities=[home], grouping_id=grouping.id)
    follower, other_follower, bystander = UserFactory(), UserFactory(), UserFactory()
    follows.follow(follower, proposal)
    follows.follow(other_follower, proposal)
    moderator = quick_moderator_of(home)
    outside_moderator = quick_moderator_of(elsewhere)
    representative = quick_representative_of(grouping)
    return {
        "home": home, "elsewhere": elsewhere, "grouping": grouping, "author": author, "proposal": proposal,
        "follower": follower, "other_follower": other_follower, "bystander": bystander,
        "moderator": moderator, "outside_moderator": outside_moderator, "representative": representative,
    }


@pytest.mark.parametrize("kind, payload", [
    ("proposal.status_changed", {"from_status": "published", "to_status": "under_review", "reason": "Checking"}),
    ("proposal.official_answer", {}),
    ("proposal.merged", {"into_id": 1}),
    ("proposal.tied_to_agreement", {"agreement_id": 1, "agreement_title": "Memorandum", "note": "x"}),
    ("proposal.untied", {"agreement_id": 1, "agreement_title": "Memorandum", "reason": "x"}),
])
def test_proposal_news_reaches_followers_and_author_but_not_the_actor(scene, kind, payload):
    s = scene
    event, heard = fire(kind, "proposal", s["proposal"].id, s["moderator"], **payload)
    assert heard == ids(s["author"], s["follower"], s["other_follower"])
    assert reload_event(event).dispatched_at is not None


def test_the_actor_never_hears_of_their_own_act(scene):
    s = scene
    _, heard = fire("proposal.official_answer", "proposal", s["proposal"].id, s["follower"])
    assert heard == ids(s["author"], s["other_follower"])


def test_threshold_reached_also_reaches_staff_in_scope(scene):
    s = scene
    _, heard = fire("proposal.threshold_reached", "proposal", s["proposal"].id)
    assert heard == ids(s["author"], s["follower"], s["other_follower"], s["moderator"], s["representative"])
    assert s["outside_moderator"].id not in heard


def test_published_proposal_reaches_followers_of_its_municipality_and_grouping(scene):
    s = scene
    of_municipality, of_grouping, of_elsewhere = UserFactory(), UserFactory(), UserFactory()
    follows.follow(of_municipality, s["home"])
    follows.follow(of_grouping, s["grouping"])
    follows.follow(of_elsewhere, s["elsewhere"])
    follows.follow(s["author"], s["home"])
    _, heard = fire("proposal.published", "proposal", s["proposal"].id, s["author"])
    assert heard == ids(of_municipality, of_grouping)


def test_deleted_and_disabled_accounts_hear_nothing(scene):
    s = scene
    s["follower"].deleted_at = utcnow()
    s["other_follower"].is_active_account = False
    db.session.commit()
    _, heard = fire("proposal.official_answer", "proposal", s["proposal"].id, s["moderator"])
    assert heard == ids(s["author"])


def test_hidden_proposal_only_reaches_its_author_and_staff_in_scope(scene):
    s = scene
    follows.follow(s["moderator"], s["proposal"])
    s["proposal"].hidden_at = utcnow()
    s["proposal"].hidden_reason = "Personal data"
    db.session.commit()
    _, heard = fire("proposal.status_changed", "proposal", s["proposal"].id, None, to_status="under_review")
    assert heard == ids(s["author"], s["moderator"])


def test_draft_proposal_reaches_nobody_but_its_author(scene):
    s = scene
    s["proposal"].status = ProposalStatus.DRAFT
    db.session.commit()
    _, heard = fire("proposal.status_changed", "proposal", s["proposal"].id, None, to_status="draft")
    assert heard == ids(s["author"])


def test_item_hidden_reaches_only_the_author(scene):
    s = scene
    s["proposal"].hidden_at = utcnow()
    db.session.commit()
    _, heard = fire("item.hidden", "proposal", s["proposal"].id, s["moderator"], reason="Spam")
    assert heard == ids(s["author"])


def test_report_reaches_staff_in_scope_only(scene):
    s = scene
    _, heard = fire("report.created", "proposal", s["proposal"].id, s["follower"], reason="spam")
    assert heard == ids(s["moderator"], s["representative"])


def test_solve_requested_reaches_staff_in_scope(scene):
    s = scene
    _, heard = fire("proposal.solve_requested", "proposal", s["proposal"].id, None, project_id=1)
    assert heard == ids(s["moderator"], s["representative"])


def test_a_missing_item_is_dispatched_to_nobody(app):
    event, heard = fire("proposal.official_answer", "proposal", 987654)
    assert heard == set()
    assert reload_event(event).dispatched_at is not None


def test_a_kind_without_a_rule_waits_undispatched(scene):
    event, heard = fire("proposal.renamed_someday", "proposal", scene["proposal"].id)
    assert heard == set()
    assert reload_event(event).dispatched_at is None


def test_an_event_is_fanned_out_once(scene):
    s = scene
    event, heard = fire("proposal.official_answer", "proposal", s["proposal"].id)
    assert dispatch_event(event.id) == []
    dispatch_pending()
    assert db.session.scalar(select(func.count()).select_from(Notification)) == len(heard)


def test_immediate_emails_follow_each_recipients_preference(scene):
    from participation.notifications import services

    s = scene
    services.save_preferences(s["follower"], {"proposals": "immediately"}, {})
    services.save_preferences(s["other_follower"], {"proposals": "weekly"}, {})
    s["author"].email_confirmed_at = None  # unconfirmed addresses get no email
    db.session.commit()
    event, heard = fire("proposal.official_answer", "proposal", s["proposal"].id)
    assert heard == ids(s["author"], s["follower"], s["other_follower"])
    deliveries = deliveries_of(event)
    assert [d.user_id for d in deliveries] == [s["follower"].id]
    assert deliveries[0].key == f"email:{s['follower'].id}:event:{event.id}"


def test_fan_out_to_ten_thousand_followers_is_set_based(app, count_queries):
    proposal = PlainProposalFactory()
    municipality_id = proposal.municipalities[0].id
    now = utcnow()
    db.session.execute(insert(User), [
        {"email": f"f{i}@example.cz", "display_name": f"F {i}", "home_municipality_id": municipality_id,
         "locale": "cs", "created_at": now, "updated_at": now, "is_active_account": True}
        for i in range(10_000)
    ])
    db.session.execute(
        insert(Follow).from_select(
            ["user_id", "proposal_id", "created_at"],
            select(User.id, db.literal(proposal.id), db.literal(now)).where(User.email.like("f%@example.cz")),
        )
    )
    db.session.commit()
    from participation.notifications.events import record_event

    event = record_event("proposal.official_answer", "proposal", proposal.id)
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        # Statistics as autovacuum keeps them in production; a table bulk-loaded a moment
        # ago has none, and the planner would then think "user" holds two rows.
        db.session.execute(db.text('ANALYZE "user", follow'))
        db.session.commit()
    started = time.perf_counter()
    with count_queries() as counter:
        dispatch_pending()
    elapsed = time.perf_counter() - started
    assert len(recipients_of(event)) == 10_001  # the followers and the author
    assert counter["n"] <= 15, counter["statements"]
    assert elapsed < 10


def test_events_that_tell_nobody_are_closed_at_once(scene):
    event, heard = fire("proposal.supported", "proposal", scene["proposal"].id, scene["follower"])
    assert heard == set()
    assert reload_event(event).dispatched_at is not None


def test_a_block_is_told_to_the_blocked_person_only(scene, client, login):
    s = scene
    s["follower"].locale = "en"
    db.session.commit()
    _, heard = fire("user.blocked", "user", s["follower"].id, s["moderator"],
                    ends_at="2030-01-02T10:00:00+00:00", reason="Repeated insults")
    assert heard == ids(s["follower"])
    login(s["follower"])
    html = client.get("/oznameni").get_data(as_text=True)
    assert "A moderator blocked you from posting until" in html
    assert "Reason: Repeated insults" in html


def test_merge_names_the_surviving_proposal(scene, client, login):
    s = scene
    s["follower"].locale = "en"
    survivor = PlainProposalFactory(author=s["author"], municipalities=[s["home"]], title="Jedna linka pro tři obce")
    db.session.commit()
    fire("proposal.merged", "proposal", s["proposal"].id, s["moderator"], survivor_id=survivor.id,
         survivor_title=survivor.title, reason="Duplicate")
    login(s["follower"])
    html = client.get("/oznameni").get_data(as_text=True)
    assert "was merged into “Jedna linka pro tři obce”." in html


def test_automatic_hide_says_why(scene, client, login):
    s = scene
    s["author"].locale = "en"
    s["proposal"].hidden_at = utcnow()
    db.session.commit()
    fire("item.hidden", "proposal", s["proposal"].id, None, author_id=s["author"].id,
         reason_code="spam", automatic=True)
    login(s["author"])
    html = client.get("/oznameni").get_data(as_text=True)
    assert "was hidden automatically until a moderator decides" in html  # not "a moderator hid"
    assert "A moderator hid your contribution on" not in html
    assert "stays hidden until a moderator looks at it" in html
