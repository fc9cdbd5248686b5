"""Burst limits on comments and reports, with a friendly answer."""

import pytest

from participation.comments.models import Comment
from participation.extensions import db
from participation.moderation.models import Report
from tests.comments.factories import DiscussedProposalFactory, add_comment
from tests.factories import UserFactory, sign_in_token


@pytest.fixture
def limited_client(limited_app):
    """A second app on the same database with the comment and report limits switched on."""
    return limited_app(RATELIMIT_COMMENT="2 per minute;10 per hour", RATELIMIT_REPORT="1 per minute;5 per hour"
                       ).test_client()


def _login(client, user):
    with client.session_transaction() as session:
        session["_user_id"] = sign_in_token(user)
        session["_fresh"] = True


def test_comment_burst_limit(app, limited_client):
    proposal = DiscussedProposalFactory()
    user = UserFactory()
    _login(limited_client, user)
    url = f"/vlakna/{proposal.thread_id}/komentare"
    codes = [limited_client.post(url, data={f"t{proposal.thread_id}-body": f"Text {n}"}).status_code
             for n in range(3)]
    assert codes == [303, 303, 429]
    response = limited_client.post(url, data={f"t{proposal.thread_id}-body": "Ještě"})
    assert "Píšete rychleji" in response.get_data(as_text=True)
    htmx = limited_client.post(url, headers={"HX-Request": "true"}, data={f"t{proposal.thread_id}-body": "x"})
    assert htmx.status_code == 200 and "Píšete rychleji" in htmx.get_data(as_text=True)
    assert htmx.headers["HX-Retarget"] == f"#thread-{proposal.thread_id}-notice"
    db.session.expire_all()
    assert db.session.query(Comment).count() == 2


def test_report_burst_limit(app, limited_client):
    proposal = DiscussedProposalFactory()
    first, second = add_comment(proposal), add_comment(proposal)
    _login(limited_client, UserFactory())
    assert limited_client.post(f"/nahlasit/komentar/{first.id}", data={"reason": "spam"}).status_code == 303
    response = limited_client.post(f"/nahlasit/komentar/{second.id}", data={"reason": "spam"})
    assert response.status_code == 429
    assert "mnoho nahlášení" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.query(Report).count() == 1


def test_limits_are_per_user(app, limited_client):
    proposal = DiscussedProposalFactory()
    url = f"/vlakna/{proposal.thread_id}/komentare"
    for _ in range(2):
        _login(limited_client, UserFactory())
        codes = [limited_client.post(url, data={f"t{proposal.thread_id}-body": "Text"}).status_code
                 for _n in range(2)]
        assert codes == [303, 303]
