"""Stored counters (supporters, comments, followers): exact after every kind of write, cheap to read."""

import random
import threading
from datetime import date

import pytest
from sqlalchemy import func, select, text

from participation.accounts import services as accounts
from participation.comments import services as comments
from participation.comments.models import Stance, Thread
from participation.common import counters
from participation.extensions import db
from participation.follows import services as follows
from participation.follows.models import FollowerCount
from participation.moderation import services as moderation
from participation.moderation.items import comment_item
from participation.moderation.models import ReportReason
from participation.proposals import moderation as proposal_moderation
from participation.proposals import page_queries, services
from participation.proposals.models import Proposal, Support, SupportCount
from tests.comments.factories import DiscussedProposalFactory, add_comment
from tests.factories import MunicipalityFactory, UserFactory, administrator, moderator_of, sign_in_token

from .factories import ProposalFactory, residents


def _differences():
    db.session.commit()
    with db.engine.begin() as connection:
        return counters.differences(connection)


def _stored(proposal_id: int) -> tuple[int, int, dict]:
    db.session.expire_all()
    proposal = db.session.get(Proposal, proposal_id)
    by_town = dict(db.session.execute(
        select(SupportCount.municipality_id, SupportCount.supporters)
        .where(SupportCount.proposal_id == proposal_id, SupportCount.supporters > 0)
    ).all())
    return proposal.supporter_count, proposal.supporting_municipality_count, by_town


def test_supports_unsupports_paper_supports_merges_and_deleted_accounts_keep_the_counts_exact(app):
    north, south = MunicipalityFactory(population=900), MunicipalityFactory(population=900)
    proposal = ProposalFactory(municipalities=[north, south])
    duplicate = ProposalFactory(municipalities=[south])
    walkers = residents(north, 3) + residents(south, 2)
    for user in walkers:
        assert services.support(user, proposal)
    assert not services.support(walkers[0], proposal)  # a repeat changes nothing
    assert _stored(proposal.id) == (5, 2, {north.id: 3, south.id: 2})

    assert services.unsupport(walkers[1], proposal)
    assert _stored(proposal.id) == (4, 2, {north.id: 2, south.id: 2})

    # A paper form filed at the office (verification domain).
    from participation.verification import assisted

    clerk = moderator_of(south)
    assisted.file_paper_support(clerk, proposal, south.id, "Jana Nováková", "Náves 1", date(1970, 5, 1))
    assert _stored(proposal.id) == (5, 2, {north.id: 2, south.id: 3})
    panel = page_queries.support_panel(proposal, None)
    assert (panel.total, panel.paper, panel.online) == (5, 1, 4)

    # Merging: a supporter of both keeps one support, the others move.
    services.support(walkers[0], duplicate)
    extra = residents(south, 1)[0]
    services.support(extra, duplicate)
    moved = proposal_moderation.merge(clerk, duplicate, proposal, "Totéž")
    assert moved == 1
    assert _stored(proposal.id) == (6, 2, {north.id: 2, south.id: 4})
    assert _stored(duplicate.id) == (0, 0, {})

    # Deleting an account keeps its supports counted (the row stays, anonymised).
    accounts.delete_account(walkers[2], remove_comments=True)
    assert _stored(proposal.id)[0] == 6
    assert _differences() == []


def test_lists_sort_by_the_stored_counts(app, client):
    town = MunicipalityFactory(population=900)
    quiet, loud = ProposalFactory(municipalities=[town]), ProposalFactory(municipalities=[town])
    for user in residents(town, 3):
        services.support(user, loud)
    page = client.get("/podnety/?sort=supported").get_data(as_text=True)
    assert page.index(loud.title) < page.index(quiet.title)


def test_visible_comment_counts_follow_hiding_unhiding_and_deleting(app):
    proposal = DiscussedProposalFactory()
    author = UserFactory()
    first = add_comment(proposal, author=author, stance=Stance.FOR)
    add_comment(proposal, stance=Stance.AGAINST)
    reply = add_comment(proposal, parent=first)
    thread = db.session.get(Thread, proposal.thread_id)

    def counts():
        db.session.refresh(thread)
        return thread.comment_count, thread.for_count, thread.against_count, thread.neutral_count

    assert counts() == (3, 1, 1, 0)
    moderator = moderator_of(proposal.municipalities[0])
    moderation.hide(moderator, comment_item(first), ReportReason.OFFENSIVE, "Urážka")
    assert counts() == (2, 0, 1, 0)
    moderation.unhide(moderator, comment_item(first), "Omyl")
    assert counts() == (3, 1, 1, 0)
    comments.delete_comment(reply.author, reply)
    assert counts() == (2, 1, 1, 0)
    accounts.delete_account(author, remove_comments=True)  # the comment becomes a placeholder
    assert counts() == (1, 0, 1, 0)
    assert _differences() == []


def test_follower_counts_follow_follows_unfollows_and_merges(app):
    proposal, other = ProposalFactory(), ProposalFactory()
    users = [UserFactory() for _ in range(3)]
    for user in users:
        follows.follow(user, proposal)
    follows.follow(users[0], other)
    follows.unfollow(users[1], proposal)
    assert follows.follower_count(proposal) == 2
    assert follows.follower_counts("proposal", [proposal.id, other.id]) == {proposal.id: 2, other.id: 1}
    assert _differences() == []


def test_repair_reports_and_fixes_a_wrong_counter(app):
    town = MunicipalityFactory(population=900)
    proposal = ProposalFactory(municipalities=[town])
    for user in residents(town, 2):
        services.support(user, proposal)
    follows.follow(UserFactory(), proposal)
    db.session.execute(text("UPDATE proposal SET supporter_count = 40 WHERE id = :id"), {"id": proposal.id})
    db.session.execute(text("DELETE FROM follower_count"))
    db.session.commit()

    result = app.test_cli_runner().invoke(args=["counters", "repair", "--dry-run"])
    assert "stored 40, counted 2" in result.output
    assert "2 difference(s) found" in result.output
    result = app.test_cli_runner().invoke(args=["counters", "repair"])
    assert "2 difference(s) repaired" in result.output
    assert _stored(proposal.id)[0] == 2
    # The two supporters follow it too.
    assert db.session.scalar(select(FollowerCount.followers).where(FollowerCount.subject_id == proposal.id)) == 3
    result = app.test_cli_runner().invoke(args=["counters", "repair"])
    assert "Every counter matches its recount." in result.output


def test_support_toggle_costs_a_handful_of_statements(client, login, count_queries):
    town = MunicipalityFactory(population=100)
    proposal = ProposalFactory(municipalities=[town])
    user = residents(town, 1)[0]
    login(user)
    client.get(f"/podnety/{proposal.id}")
    headers = {"HX-Request": "true"}
    with count_queries() as counter:
        response = client.post(f"/podnety/{proposal.id}/podpora", headers=headers)
    # Was 19: savepoints, existence checks and reloading everything after the commit. Now: the session, the
    # proposal, the insert, its last activity, the event, the follow (reading the auto-follow switch itself) and
    # the counts the threshold and the panel read; the grouping's members are kept between supports.
    assert response.status_code == 200 and "Odvolat mou podporu" in response.get_data(as_text=True)
    assert "<strong>1</strong>" in response.get_data(as_text=True)
    assert counter["n"] <= 7, counter["statements"]
    with count_queries() as counter:
        response = client.post(f"/podnety/{proposal.id}/odebrat-podporu", headers=headers)
    assert response.status_code == 200 and "<strong>0</strong>" in response.get_data(as_text=True)
    assert counter["n"] <= 4, counter["statements"]
    assert _differences() == []


def test_a_burst_of_supports_and_unsupports_leaves_counts_equal_to_a_recount(app):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises every write")
    towns = [MunicipalityFactory(population=5000) for _ in range(3)]
    proposal = ProposalFactory(municipalities=towns)
    users = [u for town in towns for u in residents(town, 12)]
    tokens = {u.id: sign_in_token(u) for u in users}
    proposal_id = proposal.id
    rng = random.Random(21)
    # Each person sends a few toggles at once, in a random order: support, unsupport, support...
    plan = [(u.id, rng.choice(["podpora", "odebrat-podporu"])) for u in users for _ in range(3)]
    rng.shuffle(plan)
    barrier = threading.Barrier(len(plan))
    errors = []

    def post(user_id, action):
        try:
            with app.app_context():
                client = app.test_client()
                with client.session_transaction() as session:
                    session["_user_id"] = tokens[user_id]
                    session["_fresh"] = True
                barrier.wait(timeout=60)
                response = client.post(f"/podnety/{proposal_id}/{action}")
                if response.status_code != 303:
                    errors.append(response.status_code)
                db.session.remove()
        except Exception as error:  # pragma: no cover - reported below
            errors.append(repr(error))

    threads = [threading.Thread(target=post, args=step) for step in plan]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    assert not errors
    db.session.expire_all()
    recount = db.session.scalar(select(func.count()).select_from(Support).where(Support.proposal_id == proposal_id))
    assert _stored(proposal_id)[0] == recount
    assert _differences() == []


def _page_queries(client, count_queries, proposal_id):
    client.get(f"/podnety/{proposal_id}")
    with count_queries() as counter:
        page = client.get(f"/podnety/{proposal_id}")
    assert page.status_code == 200
    return counter, page.get_data(as_text=True)


def test_the_empty_link_sections_cost_one_query_together(app, client, count_queries):
    from participation.referrals import services as referrals
    from participation.referrals.models import ReferralLevel

    proposal = DiscussedProposalFactory()
    counter, page = _page_queries(client, count_queries, proposal.id)
    link_tables = ("agreement_proposal", "project_proposal", "locality_proposal", "FROM referral", "FROM good_practice")
    # One EXISTS query says all five are empty; none of them is read on its own.
    assert [s for s in counter["statements"] if any(t in s for t in link_tables)] == [
        next(s for s in counter["statements"] if "EXISTS" in s and "agreement_proposal" in s)]
    # Was 17 before link sections were read together and counts stored; photos, the PDF and the author's
    # updates (3) and advisors' opinions (1) came later.
    assert counter["n"] <= 17
    assert 'id="referrals"' not in page

    # A section with a row is read and shown.
    referrals.refer(administrator(), proposal, ReferralLevel.STATE, "Ministerstvo dopravy", "Patří státu.")
    counter, page = _page_queries(client, count_queries, proposal.id)
    assert 'id="referrals"' in page and "Ministerstvo dopravy" in page


def test_repair_after_a_bulk_load_writes_each_counter_in_one_batch(app, count_queries):
    """The benchmark generator loads millions of rows with the triggers off and repairs once: the
    statements sent must not grow with the number of wrong numbers (a round trip each took hours)."""
    towns = [MunicipalityFactory(population=900) for _ in range(3)]
    proposals = [ProposalFactory(municipalities=towns) for _ in range(6)]
    people = [user for town in towns for user in residents(town, 2)]
    for person in people:
        follows.follow(person, proposals[0])
    db.session.commit()
    with db.engine.begin() as connection:
        counters.uninstall(connection)
    for proposal in proposals:
        for person in people:
            db.session.add(Support(proposal_id=proposal.id, user_id=person.id,
                                   municipality_id=person.home_municipality_id))
    db.session.commit()
    with db.engine.begin() as connection:
        counters.install(connection)

    checked = sum(len(counter_set.checks) for counter_set in counters.registered())
    with count_queries() as counter, db.engine.begin() as connection:
        found = counters.repair(connection)
    # 6 proposals x (supporters, municipalities) + 18 (proposal, town) pairs
    assert len([d for d in found if d.counter.startswith("proposals.")]) == 6 * 2 + 6 * 3
    # Two reads per counter, then one batched write per counter that was wrong.
    assert counter["n"] <= 2 * checked + len({d.counter for d in found})
    assert _stored(proposals[5].id) == (6, 3, {town.id: 2 for town in towns})
    assert _differences() == []
