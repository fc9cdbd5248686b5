"""Load runner: the main pages under gunicorn, driven by wrk, against a generated database.

    python bench/load.py --database-url postgresql://postgres@127.0.0.1:5432/spolu_bench --save /tmp/pg-region.json
    python bench/load.py --database-url sqlite:////tmp/spolu-bench-small.sqlite --workers 4 --duration 10
    python bench/load.py --compare /tmp/pg-small.json /tmp/pg-region.json      # growth: region / small

Fill the database first with `flask generate-data --scale small|region` (a
separate database: never the development or test one). The runner

1. finds its targets in the data: the most populous municipality, the
   proposal whose discussion is closest to 200 comments, the project with
   the most updates, the closed consultation with the most responses, the
   most supported open proposal (for support toggling);
2. counts the SQL queries of one request to each page, in process, with a
   SQLAlchemy event listener (after one warm-up request);
3. signs in 64 generated users through the app (a session cookie and the
   CSRF token from the proposal's form) for support toggling;
4. starts gunicorn (sync workers) on a loopback port with `bench.wsgi:app`,
   which adds a bare route returning a short string and a bare write route
   (one insert and a commit);
5. warms every URL up, then runs `wrk --latency` on each (16 connections by
   default), measuring the bare route again before every few pages, and
   prints requests per second, p50, p99, the ratio to the bare route
   measured just before (the support toggle: to the bare write route), the
   query count and whether issue 21's target is met (`load_targets`).
   Pages: visitors' pages, the region's and a grouping's connection
   overviews, the API lists, whole CSV exports (streamed), and four pages
   as a signed-in resident. Support toggling runs a wrk Lua script that
   cycles through the signed-in users, each alternating support and
   unsupport (htmx requests: the panel fragment comes back with a 200).

Rate limiting is switched off for the server (RATELIMIT_ENABLED=0): the
support limit of 30 a minute per account would otherwise answer 429.
"""

import argparse
import json
import os
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.load_server import (  # noqa: E402,F401
    PAGE_CACHE,
    _free_port,
    _milliseconds,
    environment,
    run_wrk,
    settle,
    start_gunicorn,
    stop,
)
from bench.load_targets import compare, print_table  # noqa: E402

SUPPORT_USERS = 64
TARGET_COMMENTS = 200

LUA_TEMPLATE = """
local users = {users}
local path_base = "{path}"
local counter = 0
local thread_index = 0
local thread_count = {threads}
local state = {{}}

function setup(thread)
  thread:set("index", thread_index)
  thread_index = thread_index + 1
end

function init(args)
  thread_index = index
end

function request()
  -- Each thread owns every thread_count-th user; each user alternates support and unsupport.
  local slots = math.floor(#users / thread_count)
  local slot = counter % slots
  counter = counter + 1
  local n = slot * thread_count + thread_index + 1
  local user = users[n]
  local action = state[n] and "odebrat-podporu" or "podpora"
  state[n] = not state[n]
  return wrk.format("POST", path_base .. action, {{
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = "session=" .. user[1],
    ["HX-Request"] = "true",
  }}, "csrf_token=" .. user[2])
end
"""


def _load_app(database_url: str, instance: str):
    os.environ.update({k: v for k, v in environment(database_url, instance).items() if k != "PYTHONPATH"})
    from bench.wsgi import app

    app.config["RATELIMIT_ENABLED"] = False
    return app


def find_targets(app) -> dict:
    """The pages to measure, chosen from the data."""
    from sqlalchemy import func, select

    from participation.comments.models import Comment
    from participation.common.models import utcnow
    from participation.consultations.models import Consultation, Response
    from participation.extensions import db
    from participation.projects.models import Project, ProjectUpdate
    from participation.proposals.models import OPEN_STATUSES, Proposal, Support
    from participation.territory.models import GroupingMembership, Municipality, Region

    with app.app_context():
        municipality = db.session.scalar(select(Municipality.code).order_by(Municipality.population.desc()).limit(1))
        comments = (select(Comment.thread_id, func.count().label("n")).group_by(Comment.thread_id).subquery())
        discussed = db.session.scalar(
            select(Proposal.id).join(comments, comments.c.thread_id == Proposal.thread_id)
            .where(Proposal.hidden_at.is_(None), Proposal.status != "draft")
            .order_by(func.abs(comments.c.n - TARGET_COMMENTS), Proposal.id).limit(1))
        project = db.session.scalar(
            select(ProjectUpdate.project_id).group_by(ProjectUpdate.project_id)
            .order_by(func.count().desc(), ProjectUpdate.project_id).limit(1)) or db.session.scalar(
            select(Project.id).limit(1))
        consultation = db.session.scalar(
            select(Response.consultation_id).join(Consultation, Consultation.id == Response.consultation_id)
            .where(Consultation.status == "published", Consultation.closes_at < utcnow())
            .group_by(Response.consultation_id).order_by(func.count().desc()).limit(1))
        supported = db.session.scalar(
            select(Support.proposal_id).join(Proposal, Proposal.id == Support.proposal_id)
            .where(Proposal.status.in_(list(OPEN_STATUSES)), Proposal.hidden_at.is_(None))
            .group_by(Support.proposal_id).order_by(func.count().desc()).limit(1))
        grouping = db.session.scalar(
            select(GroupingMembership.grouping_id).group_by(GroupingMembership.grouping_id)
            .order_by(func.count().desc(), GroupingMembership.grouping_id).limit(1))
        region = db.session.scalar(select(Region.code).order_by(Region.id).limit(1))
        db.session.remove()
    return {"municipality": municipality, "discussed": discussed, "project": project,
            "consultation": consultation, "supported": supported, "grouping": grouping, "region": region}


def pages(targets: dict) -> list[tuple[str, str]]:
    """Visitors' pages (served from the page cache when it is on), then issue 18's and 14's region scale."""
    return [
        ("bare route", "/_bench/bare"),
        ("home", "/"),
        ("proposal list, filter + search", "/podnety/?q=autobus&status=published"),
        (f"proposal, ~{TARGET_COMMENTS} comments", f"/podnety/{targets['discussed']}"),
        ("project", f"/projekty/{targets['project']}"),
        ("consultation results", f"/konzultace/{targets['consultation']}/vysledky"),
        ("municipality (with its connection)", f"/obce/{targets['municipality']}"),
        ("region connection overview", f"/kraje/{targets['region']}/pripojeni"),
        ("grouping connection overview", f"/seskupeni/{targets['grouping']}/pripojeni"),
        ("API: proposals, most supported, 100 a page", "/api/v1/proposals?sort=supported&limit=100"),
        ("API: proposals, newest, 100 a page", "/api/v1/proposals?limit=100"),
        ("API: localities, 100 a page", "/api/v1/localities?limit=100"),
        ("API: municipalities, 100 a page", "/api/v1/municipalities?limit=100"),
        ("API: a proposal", f"/api/v1/proposals/{targets['supported']}"),
        ("API: consultation results", f"/api/v1/consultations/{targets['consultation']}"),
        ("CSV: every proposal (streamed)", "/otevrena-data/podnety.csv"),
        ("CSV: every locality (streamed)", "/otevrena-data/lokality.csv"),
        ("CSV: region connection", f"/kraje/{targets['region']}/pripojeni.csv"),
    ]


# Pages measured as a signed-in resident (a generated user's session cookie): never from the page cache,
# with the shared fragments and the cached page shell.

def signed_in_pages(targets: dict) -> list[tuple[str, str]]:
    return [("signed in: home", "/"),
            ("signed in: proposal list, filter + search", "/podnety/?q=autobus&status=published"),
            (f"signed in: proposal, ~{TARGET_COMMENTS} comments", f"/podnety/{targets['discussed']}"),
            ("signed in: municipality", f"/obce/{targets['municipality']}")]


def signed_in_users(app, proposal_id: int, count: int = SUPPORT_USERS) -> list[tuple[str, str]]:
    """(session cookie, CSRF token) for `count` residents, got the way a browser gets them."""
    from sqlalchemy import select

    from participation.accounts import sessions
    from participation.accounts.models import User
    from participation.extensions import db

    with app.app_context():
        residents = list(db.session.scalars(
            select(User).where(User.home_municipality_id.is_not(None), User.deleted_at.is_(None),
                               User.email_confirmed_at.is_not(None))
            .order_by(User.id.desc()).limit(count)))
        tokens = [sessions.start(user) for user in residents]  # a sign-in session each, as signing in opens
        db.session.remove()
    users = []
    for token in tokens:
        client = app.test_client()
        with client.session_transaction() as session:
            session["_user_id"] = token
            session["_fresh"] = True
        page = client.get(f"/podnety/{proposal_id}").get_data(as_text=True)
        match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
        cookie = client.get_cookie("session")
        if match and cookie:
            users.append((cookie.value, match.group(1)))
    if not users:
        raise SystemExit("Could not sign any user in for support toggling (no form on the proposal page?)")
    return users


def count_queries(app, urls: list[tuple[str, str]], support: tuple[int, tuple[str, str]],
                  signed_in_pages_urls: list[tuple[str, str]] = ()) -> dict[str, int]:
    """SQL statements of one request to each page (after a warm-up request), in process."""
    from sqlalchemy import event

    from participation.extensions import db

    with app.app_context():
        engine = db.engine
    counter = {"n": 0}

    def before(*_):
        counter["n"] += 1

    def counted(send) -> int:
        """The statements of `send()` (a request; its body read, as a streamed body runs its queries then)."""
        event.listen(engine, "before_cursor_execute", before)
        counter["n"] = 0
        try:
            response = send()
            response.get_data()
        finally:
            event.remove(engine, "before_cursor_execute", before)
        return counter["n"] if response.status_code == 200 else -response.status_code

    def pages_of(client, pairs) -> dict[str, int]:
        found = {}
        for name, url in pairs:
            client.get(url).get_data()
            found[name] = counted(lambda url=url: client.get(url))
        return found

    counts = pages_of(app.test_client(), urls)
    proposal_id, (cookie, token) = support
    client = app.test_client()
    client.set_cookie("session", cookie)
    counts.update(pages_of(client, signed_in_pages_urls))

    def toggle(action: str):
        return client.post(f"/podnety/{proposal_id}/{action}", data={"csrf_token": token},
                           headers={"HX-Request": "true"})

    toggle("podpora"), toggle("odebrat-podporu")  # support, unsupport
    counts["support toggle"] = counted(lambda: toggle("podpora"))
    toggle("odebrat-podporu")
    if "bare_write" in app.view_functions:  # bench.wsgi's app (not the tests' app)
        counts["bare write route"] = counted(lambda: app.test_client().post("/_bench/bare-write"))
    return counts


BARE_EVERY = 4  # the bare route is measured again before every 4 pages: ratios read against the nearest one
WRITE_LUA = 'wrk.method = "POST"\nwrk.body = ""\nwrk.headers["Content-Type"] = "application/x-www-form-urlencoded"\n'


def _scripts(users, targets: dict, threads: int) -> tuple[str, str]:
    """Lua scripts for wrk: support toggling by the signed-in users, and the bare write route's POST."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as toggle:
        entries = ", ".join(f'{{"{cookie}", "{token}"}}' for cookie, token in users)
        toggle.write(LUA_TEMPLATE.format(users=f"{{{entries}}}", path=f"/podnety/{targets['supported']}/",
                                         threads=threads))
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as write:
        write.write(WRITE_LUA)
    return toggle.name, write.name


def _plan(urls, personal, targets: dict, scripts: tuple[str, str], cookie: str, only: str | None) -> list[dict]:
    """Every run: name, address, wrk script and cookie; the bare route comes back before every few pages."""
    toggle, write = scripts
    runs = [{"name": name, "url": url} for name, url in urls[1:]]
    runs += [{"name": name, "url": url, "cookie": cookie} for name, url in personal]
    runs += [{"name": "bare write route", "url": "/_bench/bare-write", "script": write},
             {"name": "support toggle", "url": f"/podnety/{targets['supported']}/podpora", "script": toggle}]
    if only:
        wanted = {name.strip() for name in only.split(";")}
        runs = [run for run in runs if run["name"] in wanted | {"bare write route"}]
    planned = []
    for index, run in enumerate(runs):
        if index % BARE_EVERY == 0:
            planned.append({"name": "bare route", "url": "/_bench/bare"})
        planned.append(run)
    return planned


def _run_all(planned: list[dict], base: str, args, queries: dict) -> dict:
    """Warm every page up, then measure each; each page remembers the bare route measured just before it."""
    wrk = {"connections": args.connections, "threads": args.threads}
    for run in planned:
        run_wrk(base + run["url"], duration=args.warmup, script=run.get("script"), cookie=run.get("cookie"), **wrk)
        settle(base)
    results, bare_runs, bare = {}, [], None
    for run in planned:
        settle(base)
        result = run_wrk(base + run["url"], duration=args.duration, script=run.get("script"),
                         cookie=run.get("cookie"), **wrk)
        if run["name"] == "bare route":
            bare = result["rps"]
            bare_runs.append(result)
            print(f"  bare route: {bare:.0f} req/s", flush=True)
            continue
        result.update(url=run["url"], queries=queries.get(run["name"]), bare_rps=bare,
                      method="POST" if run.get("script") else "GET")
        results[run["name"]] = result
        print(f"  measured {run['name']}: {result['rps']:.0f} req/s", flush=True)
    results = {"bare route": _mean_of(bare_runs), **results}
    return results


def _mean_of(runs: list[dict]) -> dict:
    mean = {key: sum(r[key] for r in runs) / len(runs) for key in ("rps", "p50", "p99")}
    return {**mean, "requests": sum(r["requests"] for r in runs), "errors": sum(r["errors"] for r in runs),
            "socket_errors": "", "url": "/_bench/bare", "queries": 0, "bare_rps": mean["rps"],
            "each": [round(r["rps"]) for r in runs]}


def measure(args) -> dict:
    instance = tempfile.mkdtemp(prefix="spolu-bench-")
    app = _load_app(args.database_url, instance)
    load_before = os.getloadavg()
    print(f"Page cache: {'on' if PAGE_CACHE['value'] == '1' else 'off'} · Spolu load benchmark · "
          f"{os.cpu_count()} cores · {time.strftime('%Y-%m-%d %H:%M %Z')} · {args.workers} gunicorn sync workers · "
          f"wrk {args.connections} connections, {args.duration} s per page · load average at the start "
          f"{load_before[0]:.1f}")
    print(f"Database: {args.database_url.split('@')[-1]} · shared cache: "
          f"{'Redis (REDIS_URL)' if os.environ.get('REDIS_URL') else 'none (each worker its own memory)'}")
    targets = find_targets(app)
    print(f"Targets: {targets}")
    urls = pages(targets)
    users = signed_in_users(app, targets["supported"])
    personal = signed_in_pages(targets)
    queries = count_queries(app, urls[1:], (targets["supported"], users[0]), personal)
    queries["bare route"] = 0
    wanted = {name.strip() for name in args.only.split(";")} if args.only else set(queries)
    broken = {name: -count for name, count in queries.items() if count < 0 and name in wanted}
    if broken:
        raise SystemExit(f"Pages that do not answer 200 in process (status codes): {broken}. "
                         "Is the database migrated to the newest revision (flask db upgrade)?")
    with app.app_context():
        from participation.extensions import db

        db.engine.dispose()

    port = args.port or _free_port()
    scripts = _scripts(users, targets, args.threads)
    planned = _plan(urls, personal, targets, scripts, users[-1][0], args.only)
    server = start_gunicorn(args.database_url, instance, args.workers, port)
    try:
        results = _run_all(planned, f"http://127.0.0.1:{port}", args, queries)
    finally:
        stop(server)
        for script in scripts:
            os.unlink(script)
    load_average = os.getloadavg()
    print(f"\nLoad average at the end (1, 5, 15 min): {load_average[0]:.1f} {load_average[1]:.1f} "
          f"{load_average[2]:.1f} on {os.cpu_count()} cores (other processes share them if above ~2)")
    report = {"database": args.database_url.split("@")[-1], "cores": os.cpu_count(), "workers": args.workers,
              "page_cache": PAGE_CACHE["value"] == "1", "load_average_start": load_before,
              "load_average": load_average,
              "connections": args.connections, "duration": args.duration, "date": time.strftime("%Y-%m-%d %H:%M"),
              "targets": targets, "pages": results}
    print_table(report)
    return report


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="a generated benchmark database (never dev or test)")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per page")
    parser.add_argument("--warmup", type=int, default=2, help="seconds of warm-up load per page")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--save", help="write the figures as JSON here")
    parser.add_argument("--page-cache", choices=("on", "off"), default="on",
                        help="visitors' pages kept whole (PAGE_CACHE_ENABLED); off: rendered every time")
    parser.add_argument("--only", help="page names separated by semicolons to measure (besides the bare route)")
    parser.add_argument("--compare", nargs=2, metavar=("BEFORE", "AFTER"), help="print growth between two saves")
    args = parser.parse_args(argv)
    if args.compare:
        compare(*args.compare)
        return
    if not args.database_url:
        parser.error("--database-url is required")
    PAGE_CACHE["value"] = "1" if args.page_cache == "on" else "0"
    report = measure(args)
    if args.save:
        Path(args.save).write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
