"""In process, one request at a time: each main page rendered afresh against served from the page cache.

    python bench/page_cache.py --database-url sqlite:////tmp/spolu-bench-small.sqlite

Uses the pages and targets of bench/load.py (a generated database: never dev
or test). Prints the median milliseconds and SQL statements per request for a
visitor with the page cache off, on (a stored page), a conditional request
answered 304, and for a signed-in resident (shared fragments and the cached
shell; the first request of each run fills them).
"""

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import load  # noqa: E402


def _median_ms(client, url: str, count: int, headers=None) -> tuple[float, float]:
    from sqlalchemy import event

    from participation.extensions import db

    statements = {"n": 0}

    def before(*_):
        statements["n"] += 1

    with client.application.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", before)
    times = []
    try:
        for _ in range(count):
            started = time.perf_counter()
            response = client.get(url, headers=headers or {})
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code in (200, 304), (url, response.status_code)
    finally:
        event.remove(engine, "before_cursor_execute", before)
    return statistics.median(times), statistics.mean([statements["n"] / count])


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args(argv)
    app = load._load_app(args.database_url, tempfile.mkdtemp(prefix="spolu-bench-"))
    targets = load.find_targets(app)
    users = load.signed_in_users(app, targets["supported"], count=1)
    pages = [(name, url) for name, url in load.pages(targets)[1:7]]
    print(f"{'page':<32} {'off ms':>8} {'q':>5} {'on ms':>8} {'q':>5} {'304 ms':>8} {'signed in ms':>13} {'q':>5}")
    for name, url in pages:
        visitor = app.test_client()
        app.config["PAGE_CACHE_ENABLED"] = False
        off, off_q = _median_ms(visitor, url, max(5, args.requests // 3))
        app.config["PAGE_CACHE_ENABLED"] = True
        etag = visitor.get(url).headers.get("ETag")
        on, on_q = _median_ms(visitor, url, args.requests)
        not_modified, _ = _median_ms(visitor, url, args.requests, {"If-None-Match": etag or ""})
        person = app.test_client()
        person.set_cookie("session", users[0][0])
        person.get(url)
        signed, signed_q = _median_ms(person, url, max(5, args.requests // 3))
        print(f"{name:<32} {off:>8.1f} {off_q:>5.1f} {on:>8.2f} {on_q:>5.1f} {not_modified:>8.2f} {signed:>13.1f} {signed_q:>5.1f}")


if __name__ == "__main__":
    main()
