"""`flask seed-demo` runs as the README's first command runs it: no request, no SERVER_NAME."""

from sqlalchemy import func, select

from participation.extensions import db
from participation.proposals.models import Proposal


def test_seed_demo_builds_links_without_a_server_name(app, monkeypatch):
    monkeypatch.setitem(app.config, "SERVER_NAME", None)
    with app.app_context():  # a fresh context, as the command line gets, without SERVER_NAME
        result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output + repr(result.exception)
    assert "Demo data ready." in result.output
    proposals = db.session.scalar(select(func.count(Proposal.id)))
    assert proposals >= 40
    again = app.test_cli_runner().invoke(args=["seed-demo"])
    assert again.exit_code == 0, again.output + repr(again.exception)
    assert db.session.scalar(select(func.count(Proposal.id))) == proposals
