"""Count once, fewer round trips, render once: the pages they change, measured in process.

    python bench/counts.py                            # "small" scale in a temporary SQLite, 40 requests each
    python bench/counts.py --scale tiny --requests 100
    python bench/counts.py --database-url postgresql://postgres@127.0.0.1:5432/spolu_bench_counts
    SPOLU_ROOT=/path/to/other/checkout python bench/counts.py   # the same measurement of other code

Generates the benchmark data (`bench/generate`) into an empty database, then
times, one request at a time through the app (no HTTP server): the proposal
page with about 200 comments, the filtered proposal list, the results of the
consultation with the most responses, and the support toggle (64 residents
alternating support and unsupport as htmx requests, answered with the support
panel). Prints the median and 90th percentile in milliseconds, the median
CPU time of the process per request (SQLite runs in the process, so on a
shared machine this is the steadier figure) and the SQL statements per
request. The database given by --database-url must be empty
and is emptied again at the end.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(os.environ.get("SPOLU_ROOT") or Path(__file__).resolve().parents[1])
sys.path.insert(0, str(ROOT))


def _app(database_url: str | None):
    from config import Config
    from participation import create_app
    from participation.extensions import db

    instance = tempfile.mkdtemp(prefix="spolu-counts-bench-")

    class BenchConfig(Config):
        INSTANCE_DIR = instance
        SQLALCHEMY_DATABASE_URI = database_url or f"sqlite:///{instance}/bench.sqlite"
        RATELIMIT_ENABLED = False
        REDIS_URL = None

    app = create_app(BenchConfig)
    with app.app_context():
        db.create_all()
    return app


def _generate(app, scale: str) -> float:
    from bench import generate
    from participation.extensions import db

    try:  # a checkout with stored counters and rendered Markdown: triggers off during the bulk load
        from participation.common import counters, markdown
    except ImportError:
        counters = markdown = None
    started = time.perf_counter()
    with app.app_context():
        if counters is not None:
            with db.engine.begin() as connection:
                counters.uninstall(connection)
        generate.generate(scale, seed=1)
        if counters is not None:
            with db.engine.begin() as connection:
                counters.install(connection)
                counters.repair(connection)
            markdown.rerender_all()
        db.session.remove()
    return time.perf_counter() - started


class _Counter:
    def __init__(self, app):
        from sqlalchemy import event

        from participation.extensions import db

        with app.app_context():
            self.engine = db.engine
        self.n = 0
        event.listen(self.engine, "before_cursor_execute", self._count)

    def _count(self, *_):
        self.n += 1


def _time(label: str, requests: int, counter: _Counter, send) -> dict:
    send(0)  # warm-up
    times, cpu, statements = [], [], []
    for i in range(1, requests + 1):
        before = counter.n
        started, started_cpu = time.perf_counter(), time.process_time()
        status = send(i)
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        statements.append(counter.n - before)
        if status != 200:
            raise SystemExit(f"{label}: HTTP {status}")
    times.sort()
    return {"page": label, "median_ms": statistics.median(times), "p90_ms": times[int(len(times) * 0.9) - 1],
            "cpu_ms": statistics.median(cpu),
            "statements": statistics.median(statements), "statements_max": max(statements)}


def measure(app, requests: int) -> list[dict]:
    from bench.load import find_targets, signed_in_users

    targets = find_targets(app)
    counter = _Counter(app)
    visitor = app.test_client()
    results = []
    for label, url in (
        ("proposal, ~200 comments", f"/podnety/{targets['discussed']}"),
        ("proposal list, filter + search", "/podnety/?q=autobus&status=published"),
        ("proposal list, most supported", "/podnety/?sort=supported"),
        ("consultation results", f"/konzultace/{targets['consultation']}/vysledky"),
    ):
        results.append(_time(label, requests, counter, lambda _i, url=url: visitor.get(url).status_code))

    users = signed_in_users(app, targets["supported"])
    clients = []
    for cookie, token in users:
        client = app.test_client()
        client.set_cookie("session", cookie)
        clients.append((client, token))
    for action, path in (("support", "podpora"), ("unsupport", "odebrat-podporu")):
        def toggle(i, path=path):
            client, token = clients[i]
            return client.post(f"/podnety/{targets['supported']}/{path}", data={"csrf_token": token},
                               headers={"HX-Request": "true"}).status_code

        results.append(_time(f"{action} (htmx, answered with the panel)", len(clients) - 1, counter, toggle))
    return results


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", default="small", choices=["tiny", "small", "region"])
    parser.add_argument("--database-url", help="an empty database (default: a temporary SQLite file)")
    parser.add_argument("--requests", type=int, default=40)
    args = parser.parse_args(argv)

    app = _app(args.database_url)
    seconds = _generate(app, args.scale)
    print(f"code: {ROOT}; data: {args.scale} in {args.database_url or 'a temporary SQLite'} ({seconds:.0f} s); "
          f"load average {os.getloadavg()[0]:.1f}")
    try:
        results = measure(app, args.requests)
    finally:
        if args.database_url:
            from participation.extensions import db
            from participation.models import delete_every_row

            with app.app_context():
                delete_every_row()
                db.session.remove()
    print(f"{'page':<40} {'median ms':>10} {'p90 ms':>8} {'CPU ms':>7} {'statements':>11}")
    for row in results:
        statements = f"{row['statements']:g}" + (f"–{row['statements_max']}" if row["statements_max"] != row["statements"] else "")
        print(f"{row['page']:<40} {row['median_ms']:>10.1f} {row['p90_ms']:>8.1f} {row['cpu_ms']:>7.1f} "
              f"{statements:>11}")
    print(f"load average at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
