"""Benchmark: response times and the representative's dashboard at region scale.

    flask --app participation:create_app generate-data --scale region     # once, into a bench database
    BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/spolu_bench .venv/bin/python bench/response_times_dashboard.py

Reads only (no row is written): times each statistics query and each page
through the app's test client, signed in as the generated administrator for
the dashboard. Prints the median and the slowest of --runs runs in
milliseconds. Figures go into docs/features/statistics.md.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select  # noqa: E402

from config import Config  # noqa: E402
from participation import create_app  # noqa: E402
from participation.extensions import db  # noqa: E402


def _time(label: str, call, runs: int) -> None:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        timings.append((time.perf_counter() - started) * 1000)
        db.session.rollback()
    print(f"{label:<48} median {statistics.median(timings):7.1f} ms   max {max(timings):7.1f} ms")


def _server_time(label: str, statement, runs: int) -> None:
    """The database's own execution time (EXPLAIN ANALYZE), free of Python and network overhead."""
    from sqlalchemy import text

    compiled = str(statement.compile(db.engine, compile_kwargs={"literal_binds": True}))
    timings = []
    for _ in range(runs):
        plan = [row[0] for row in db.session.execute(text("EXPLAIN ANALYZE " + compiled))]
        timings.append(float(next(line for line in plan if line.startswith("Execution Time")).split()[2]))
    print(f"{label:<48} median {statistics.median(timings):7.1f} ms   max {max(timings):7.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    arguments = parser.parse_args()
    url = os.environ.get("BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/spolu_bench")

    class BenchConfig(Config):
        SQLALCHEMY_DATABASE_URI = url.replace("postgresql://", "postgresql+psycopg://", 1)
        WTF_CSRF_ENABLED = False

    app = create_app(BenchConfig)
    from participation.accounts.models import Role, RoleKind
    from participation.stats import dashboard, response_times
    from participation.territory.models import GroupingMembership, Municipality

    with app.app_context():
        grouping_id, members = db.session.execute(
            select(GroupingMembership.grouping_id, func.count())
            .group_by(GroupingMembership.grouping_id).order_by(func.count().desc()).limit(1)
        ).one()
        town = db.session.scalars(select(Municipality).order_by(Municipality.population.desc()).limit(1)).one()
        admin_id = db.session.scalar(select(Role.user_id).where(Role.kind == RoleKind.ADMINISTRATOR,
                                                                Role.region_id.is_(None)).limit(1))
        print(f"{url.split('@')[-1]}: largest grouping {grouping_id} ({members} members), "
              f"largest municipality {town.code}")
        runs = arguments.runs
        _time("response times per municipality (query)", response_times.per_municipality, runs)
        _time("response times per grouping (query)", response_times.per_grouping, runs)
        _time("response times of one municipality (query)", lambda: response_times.for_municipality(town.id), runs)
        _time("response times of one grouping (query)", lambda: response_times.for_grouping(grouping_id), runs)
        _time("dashboard member figures (query)", lambda: dashboard.member_figures(grouping_id), runs)
        _time("dashboard agreements + projects (queries)",
              lambda: (dashboard.agreements_of(grouping_id), dashboard.projects_of(grouping_id)), runs)
        if db.engine.dialect.name == "postgresql":
            since = response_times.since()
            print("-- in the database (EXPLAIN ANALYZE execution time)")
            _server_time("per municipality", response_times._municipality_statement(since), runs)
            _server_time("per grouping", response_times._grouping_statement(since), runs)
            _server_time("one municipality", response_times._municipality_statement(since, town.id), runs)
            _server_time("one grouping", response_times._grouping_statement(since, grouping_id), runs)
            _server_time("dashboard member figures", dashboard.member_figures_statement(grouping_id), runs)
            print("-- through the app")
        client = app.test_client()
        _time("GET /statistiky/odezva", lambda: client.get("/statistiky/odezva"), runs)
        _time(f"GET /obce/{town.code}", lambda: client.get(f"/obce/{town.code}"), runs)
        if admin_id is not None:
            from participation.accounts import sessions
            from participation.accounts.models import User

            token = sessions.start(db.session.get(User, admin_id))  # a sign-in session, as signing in opens
            with client.session_transaction() as session:
                session["_user_id"] = token
                session["_fresh"] = True
            _time(f"GET /seskupeni/{grouping_id}/prehled", lambda: client.get(f"/seskupeni/{grouping_id}/prehled"),
                  runs)
            _time(f"GET /seskupeni/{grouping_id}/prehled.csv",
                  lambda: client.get(f"/seskupeni/{grouping_id}/prehled.csv"), runs)


if __name__ == "__main__":
    main()
