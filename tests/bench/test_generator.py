"""The benchmark data generator at a tiny scale, so that it cannot rot."""

from sqlalchemy import func, select

from bench import generate
from participation.extensions import db


def _count(table: str, *where) -> int:
    statement = select(func.count()).select_from(db.metadata.tables[table])
    for condition in where:
        statement = statement.where(condition)
    return db.session.scalar(statement)


def _duplicates(table: str, *columns: str) -> int:
    t = db.metadata.tables[table]
    grouped = select(*(t.c[c] for c in columns)).where(*(t.c[c].is_not(None) for c in columns)).group_by(
        *(t.c[c] for c in columns)).having(func.count() > 1)
    return db.session.scalar(select(func.count()).select_from(grouped.subquery()))


def test_tiny_scale_fills_every_domain_within_the_constraints(app, client):
    scale = generate.SCALES["tiny"]
    counts = generate.generate("tiny", echo=lambda *_: None)
    db.session.remove()

    assert _count("municipality") == scale.municipalities
    assert _count("grouping") == scale.groupings
    assert _count("user") == scale.users
    assert _count("proposal") == scale.proposals
    assert _count("support") == scale.supports == counts["support"]
    assert _count("comment") == scale.comments
    assert _count("agreement") == scale.agreements
    assert _count("project") == scale.projects
    assert _count("project_update") > 0 and _count("milestone") > 0
    assert _count("consultation") == scale.consultations
    assert _count("consultation_response") == scale.responses
    assert _count("consultation_answer") > scale.responses
    assert scale.municipalities <= _count("locality") <= scale.localities + scale.municipalities
    assert _count("connection_report") == scale.reports
    # One current report a person, in a locality of their home municipality; statuses counted from them.
    assert _duplicates("connection_report", "reporter_id") == 0
    report, locality = db.metadata.tables["connection_report"], db.metadata.tables["locality"]
    assert db.session.scalar(
        select(func.count()).select_from(report.join(locality, locality.c.id == report.c.locality_id)
                                         .join(db.metadata.tables["user"], db.metadata.tables["user"].c.id
                                               == report.c.reporter_id))
        .where(locality.c.municipality_id != db.metadata.tables["user"].c.home_municipality_id)) == 0
    assert db.session.scalar(select(func.sum(locality.c.report_count))) == scale.reports
    assert _count("locality", locality.c.status != "unknown") > 0

    # The unique constraints hold (the database enforces them too; this says which).
    assert _duplicates("support", "proposal_id", "user_id") == 0
    assert _duplicates("consultation_response", "consultation_id", "user_id") == 0
    assert _duplicates("grouping_membership", "grouping_id", "municipality_id") == 0
    # Every proposal touches a municipality and has a thread; supports count for the supporter's home.
    proposal = db.metadata.tables["proposal"]
    links = db.metadata.tables["proposal_municipality"]
    assert _count("proposal", proposal.c.id.not_in(select(links.c.proposal_id))) == 0
    assert _count("proposal", proposal.c.thread_id.is_(None)) == 0
    support, user = db.metadata.tables["support"], db.metadata.tables["user"]
    assert db.session.scalar(
        select(func.count()).select_from(support.join(user, user.c.id == support.c.user_id))
        .where(support.c.municipality_id != user.c.home_municipality_id)
    ) == 0
    # Replies nest as the discussion code nests them: depth at most 3, path under the root's.
    comment = db.metadata.tables["comment"]
    assert _count("comment", comment.c.depth > 3) == 0
    assert _count("comment", comment.c.depth == 1, comment.c.root_id != comment.c.id) == 0
    discussed = db.session.scalar(select(proposal.c.thread_id).where(proposal.c.id == 2))
    assert _count("comment", comment.c.thread_id == discussed) == scale.discussed_comments

    # The skew: the most supported proposal draws far more than the median one.
    per_proposal = sorted(db.session.scalars(
        select(func.count()).select_from(support).group_by(support.c.proposal_id)), reverse=True)
    assert per_proposal[0] > 5 * per_proposal[len(per_proposal) // 2]

    # A second run refuses: the database is no longer empty.
    assert not generate.is_empty()

    # The pages the load runner measures render.
    code = db.session.scalar(select(db.metadata.tables["municipality"].c.code).limit(1))
    closed = db.session.scalar(
        select(db.metadata.tables["consultation"].c.id).where(db.metadata.tables["consultation"].c.id == 1))
    for url in ("/", "/podnety/?q=autobus&status=published", "/podnety/?sort=supported", "/podnety/2",
                "/projekty/1", f"/konzultace/{closed}/vysledky", f"/obce/{code}", "/dohody/1"):
        assert client.get(url).status_code == 200, url


def test_the_command_refuses_a_database_that_is_not_empty(app):
    from participation.accounts.models import User

    db.session.add(User(email="someone@example.test", display_name="Someone"))
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["generate-data", "--scale", "tiny"])
    assert result.exit_code != 0
    assert "not empty" in result.output
    assert db.session.scalar(select(func.count()).select_from(User)) == 1

    result = app.test_cli_runner().invoke(args=["generate-data", "--scale", "tiny", "--force"])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(func.count()).select_from(User)) == generate.SCALES["tiny"].users


WRK_OUTPUT = """Running 10s test @ http://127.0.0.1:8765/
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    40.49ms   12.01ms 120.00ms   70.00%
  Latency Distribution
     50%   39.50ms
     75%   45.00ms
     90%   55.00ms
     99%    1.20s
  3580 requests in 10.01s, 11.48MB read
  Non-2xx or 3xx responses: 2
Requests/sec:    357.65
Transfer/sec:      1.15MB
"""


def test_the_load_runner_finds_its_pages_signs_users_in_and_counts_queries(app, monkeypatch):
    """bench/load.py without gunicorn and wrk: what it prepares on generated data."""
    from bench import load

    generate.generate("tiny", echo=lambda *_: None)
    db.session.remove()
    targets = load.find_targets(app)
    assert targets["discussed"] == 2 and None not in targets.values()
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    users = load.signed_in_users(app, targets["supported"], count=3)
    assert len(users) == 3
    counts = load.count_queries(app, load.pages(targets)[1:], (targets["supported"], users[0]))
    assert all(count >= 0 for count in counts.values()), counts  # negative: the page did not answer 200
    assert counts["support toggle"] > 0

    assert (load._milliseconds("1.20s"), load._milliseconds("39.50ms"), load._milliseconds("900us")) == (
        1200.0, 39.5, 0.9)


def test_the_load_runner_reads_wrk_output(monkeypatch):
    import subprocess

    from bench import load

    monkeypatch.setattr(subprocess, "run", lambda *a, **k: subprocess.CompletedProcess(a, 0, WRK_OUTPUT, ""))
    result = load.run_wrk("http://127.0.0.1:8765/", 16, 10, 2)
    assert result["rps"] == 357.65 and result["p50"] == 39.5 and result["p99"] == 1200.0
    assert result["errors"] == 2 and result["requests"] == 3580
