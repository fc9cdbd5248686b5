"""The home page for visitors: rendered every time versus kept until a write (common/fragment_cache.py).

    python bench/home_page.py                 # demo data in a temporary SQLite, 200 requests each way
    python bench/home_page.py --requests 500 --supports 5000

Prints, for the visitor's home page, milliseconds per request and SQL
statements per request, with the fragment cache off and on, and the cost of
the first request after a write (a new support), which renders afresh.
"""

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _app():
    from config import Config
    from participation import create_app
    from participation.extensions import db

    instance = tempfile.mkdtemp(prefix="spolu-home-bench-")

    class BenchConfig(Config):
        INSTANCE_DIR = instance
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{instance}/bench.sqlite"
        RATELIMIT_ENABLED = False
        REDIS_URL = None

    app = create_app(BenchConfig)
    with app.app_context():
        db.create_all()
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    if result.exit_code != 0:
        raise SystemExit(result.output)
    return app


def _add_supports(app, count: int) -> None:
    """More supporters on the demo proposals, so that the "most supported" card has something to count."""
    from sqlalchemy import select

    from participation.accounts.models import User
    from participation.common.models import utcnow
    from participation.extensions import db
    from participation.proposals.models import Proposal, ProposalStatus, Support
    from participation.territory.models import Municipality

    with app.app_context():
        proposals = db.session.scalars(select(Proposal).where(Proposal.status != ProposalStatus.DRAFT)).all()
        municipalities = db.session.scalars(select(Municipality).limit(20)).all()
        now = utcnow()
        users = [User(email=f"bench{n}@example.cz", display_name=f"Bench {n}", locale="cs",
                      home_municipality_id=municipalities[n % len(municipalities)].id, email_confirmed_at=now)
                 for n in range(count)]
        db.session.add_all(users)
        db.session.flush()
        db.session.add_all(Support(proposal_id=proposals[n % len(proposals)].id, user_id=user.id,
                                   municipality_id=user.home_municipality_id)
                           for n, user in enumerate(users))
        db.session.commit()


def _measure(app, requests: int) -> tuple[float, float]:
    """(median ms, statements) per visitor request to /."""
    from sqlalchemy import event

    from participation.extensions import db

    client = app.test_client()
    statements = {"n": 0}

    def count(*_args):
        statements["n"] += 1

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    timings = []
    try:
        for _ in range(requests):
            started = time.perf_counter()
            assert client.get("/").status_code == 200
            timings.append((time.perf_counter() - started) * 1000)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return statistics.median(timings), statements["n"] / requests


def _after_a_write(app) -> float:
    """ms of the first visitor request after a support: the cards render afresh."""
    from sqlalchemy import select

    from participation.accounts.models import User
    from participation.extensions import db
    from participation.proposals import services
    from participation.proposals.models import Proposal, ProposalStatus

    timings = []
    client = app.test_client()
    for n in range(20):
        with app.app_context():
            proposal = db.session.scalars(select(Proposal).where(Proposal.status == ProposalStatus.PUBLISHED)).first()
            user = User(email=f"after{n}@example.cz", display_name="Po zápisu", locale="cs",
                        home_municipality_id=proposal.municipalities[0].id)
            db.session.add(user)
            db.session.commit()
            services.support(user, proposal)
        started = time.perf_counter()
        client.get("/")
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--supports", type=int, default=2000)
    args = parser.parse_args()
    app = _app()
    _add_supports(app, args.supports)
    app.config["FRAGMENT_CACHE_ENABLED"] = False
    off_ms, off_sql = _measure(app, args.requests)
    app.config["FRAGMENT_CACHE_ENABLED"] = True
    on_ms, on_sql = _measure(app, args.requests)
    write_ms = _after_a_write(app)
    print(f"home page, visitor, demo data + {args.supports} supports, {args.requests} requests each:")
    print(f"  rendered every time:        {off_ms:6.2f} ms median, {off_sql:4.1f} SQL statements per request")
    print(f"  kept until a write:         {on_ms:6.2f} ms median, {on_sql:4.1f} SQL statements per request")
    print(f"  first request after a write: {write_ms:5.2f} ms median (renders the cards afresh)")


if __name__ == "__main__":
    main()
