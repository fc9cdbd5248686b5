"""The list and a proposal's page cost a fixed number of SQL queries."""

import itertools

from sqlalchemy import func, insert, select

from participation.accounts.models import User
from participation.common.models import utcnow
from participation.extensions import db
from participation.proposals.models import Proposal, ProposalStatus, Support, proposal_municipality
from participation.territory.models import Municipality
from tests.factories import GroupingFactory, MunicipalityFactory, RegionFactory, UserFactory

_batches = itertools.cycle((7, 8, 9))  # the first digit of six-digit codes, distinct within a test


def _bulk_world(proposals: int, municipalities: int, supporters_each: int):
    """Insert proposals touching several municipalities, each with supporters, in a few statements."""
    region = RegionFactory()
    now = utcnow()
    batch = next(_batches)
    first_town = db.session.scalar(select(func.max(Municipality.id))) or 0
    first_user = db.session.scalar(select(func.max(User.id))) or 0
    first_proposal = db.session.scalar(select(func.max(Proposal.id))) or 0
    db.session.execute(insert(Municipality), [
        {"code": f"{batch}{n:05d}", "name": f"Obec {n}", "search_name": f"obec {n}", "population": 500 + n,
         "region_id": region.id, "created_at": now, "updated_at": now}
        for n in range(municipalities)
    ])
    town_ids = db.session.scalars(
        select(Municipality.id).where(Municipality.id > first_town).order_by(Municipality.id)).all()
    db.session.execute(insert(User), [
        {"email": f"bulk{batch}-{n}@example.cz", "display_name": f"Obyvatel {n}", "locale": "cs",
         "home_municipality_id": town_ids[n % len(town_ids)], "email_confirmed_at": now,
         "is_active_account": True, "created_at": now, "updated_at": now}
        for n in range(supporters_each)
    ])
    user_ids = db.session.scalars(select(User.id).where(User.id > first_user).order_by(User.id)).all()
    author = user_ids[0]
    db.session.execute(insert(Proposal), [
        {"title": f"Hromadný návrh {n}", "body": "Text", "search_text": f"hromadny navrh {n} text",
         "category": "transport", "status": ProposalStatus.PUBLISHED, "author_id": author,
         "published_at": now, "last_activity_at": now, "created_at": now, "updated_at": now,
         "hidden_reason": ""}
        for n in range(proposals)
    ])
    proposal_ids = db.session.scalars(
        select(Proposal.id).where(Proposal.id > first_proposal).order_by(Proposal.id)).all()
    db.session.execute(insert(proposal_municipality), [
        {"proposal_id": pid, "municipality_id": town_ids[(i + k) % len(town_ids)]}
        for i, pid in enumerate(proposal_ids) for k in range(min(3, len(town_ids)))
    ])
    db.session.execute(insert(Support), [
        {"proposal_id": pid, "user_id": uid, "municipality_id": town_ids[j % len(town_ids)],
         "source": "online", "created_at": now}
        for pid in proposal_ids for j, uid in enumerate(user_ids[:supporters_each])
    ])
    db.session.commit()
    return proposal_ids, town_ids


def _count(client, count_queries, url):
    with count_queries() as counter:
        response = client.get(url)
    assert response.status_code == 200, url
    return counter["n"]


def _list_counts(client, count_queries, town_id):
    return [
        _count(client, count_queries, "/podnety/"),
        _count(client, count_queries, "/podnety/?sort=supported&q=navrh"),
        _count(client, count_queries, f"/podnety/?municipality={town_id}&sort=municipalities&page=2"),
    ]


def test_list_query_count_is_the_same_for_10_and_1000_proposals(app, client, count_queries):
    ids, towns = _bulk_world(proposals=10, municipalities=5, supporters_each=3)
    small = _list_counts(client, count_queries, towns[0])
    _bulk_world(proposals=990, municipalities=40, supporters_each=20)
    assert db.session.query(Proposal).count() == 1000
    large = _list_counts(client, count_queries, towns[0])
    assert small == large
    assert max(large) <= 7  # with the filter form's options and the cards' first photos (one query)


def test_detail_query_count_does_not_grow(app, client, count_queries, login):
    ids, towns = _bulk_world(proposals=10, municipalities=3, supporters_each=2)
    small = _count(client, count_queries, f"/podnety/{ids[0]}")
    big_ids, big_towns = _bulk_world(proposals=990, municipalities=60, supporters_each=40)
    big = big_ids[-1]
    have = set(db.session.scalars(select(proposal_municipality.c.municipality_id).where(
        proposal_municipality.c.proposal_id == big)))
    db.session.execute(insert(proposal_municipality), [
        {"proposal_id": big, "municipality_id": town} for town in big_towns[:50] if town not in have
    ])
    db.session.commit()
    large = _count(client, count_queries, f"/podnety/{big}")
    assert small == large
    assert large <= 16  # 13th: was it filed at the office on a resident's behalf (verification); 14-16th: photos, PDF, updates


def test_detail_query_count_signed_in_with_grouping(app, client, count_queries, login):
    ids, towns = _bulk_world(proposals=10, municipalities=3, supporters_each=2)
    grouping = GroupingFactory(members=[db.session.get(Municipality, t) for t in towns])
    db.session.execute(Proposal.__table__.update().values(grouping_id=grouping.id))
    db.session.commit()
    login(UserFactory(home_municipality=MunicipalityFactory()))
    small = _count(client, count_queries, f"/podnety/{ids[0]}")
    more_ids, _ = _bulk_world(proposals=200, municipalities=30, supporters_each=100)
    db.session.execute(Proposal.__table__.update().values(grouping_id=grouping.id))
    db.session.commit()
    large = _count(client, count_queries, f"/podnety/{more_ids[-1]}")
    assert small == large
