"""Concurrent supports on a real PostgreSQL: the database constraint keeps the count exact."""

import threading

import pytest
from sqlalchemy import func, select

from participation.extensions import db
from participation.notifications.models import Event
from participation.proposals.models import Support
from tests.factories import MunicipalityFactory, sign_in_token

from .factories import ProposalFactory, residents


def test_50_supporters_and_20_duplicates_count_exactly_51(app):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises every write")
    towns = [MunicipalityFactory(population=100) for _ in range(3)]
    proposal = ProposalFactory(municipalities=towns)
    users = []
    for town in towns:
        users += residents(town, 17)  # 51 residents: 17 per town, enough for the threshold in each
    repeat = users[-1]
    requests = [u.id for u in users[:50]] + [repeat.id] * 20  # 50 users, and a 51st sending 20 at once
    tokens = {u.id: sign_in_token(u) for u in users}
    # Read before the threads start: an expired attribute of the test's objects would make every
    # thread reload it through the test's one session at once.
    address = f"/podnety/{proposal.id}/podpora"
    proposal_id, repeat_id = proposal.id, repeat.id
    barrier = threading.Barrier(len(requests))
    statuses, errors = [], []

    def post(user_id):
        try:
            with app.app_context():  # its own application context, hence its own session
                client = app.test_client()
                with client.session_transaction() as session:
                    session["_user_id"] = tokens[user_id]
                    session["_fresh"] = True
                barrier.wait(timeout=30)
                response = client.post(address)
                statuses.append(response.status_code)
                db.session.remove()
        except Exception as error:  # pragma: no cover - reported below
            errors.append(repr(error))

    threads = [threading.Thread(target=post, args=(uid,)) for uid in requests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert not errors
    assert statuses.count(303) == len(requests)
    db.session.expire_all()
    total = db.session.scalar(select(func.count()).select_from(Support).where(Support.proposal_id == proposal_id))
    assert total == 51
    assert db.session.scalar(select(func.count()).select_from(Support).where(Support.user_id == repeat_id)) == 1
    reached = db.session.scalar(select(func.count()).select_from(Event).where(
        Event.kind == "proposal.threshold_reached", Event.subject_id == proposal_id))
    assert reached == 1
