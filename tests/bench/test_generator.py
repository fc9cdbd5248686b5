"""The benchmark data generator at a tiny scale, so that it cannot rot."""

from sqlalchemy import func, select

from participation.core import generate
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
    for url in ("/", "/proposals/?q=autobus&status=published", "/proposals/?sort=supported", "/proposals/2",
                "/projects/1", f"/consultations/{closed}/results", f"/obce/{code}", "/agreements/1"):
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
