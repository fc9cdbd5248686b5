"""Reporting, the queue and the actions as each role meets them; transparency."""

import pytest

from participation.audit.models import AuditEntry
from participation.extensions import db
from participation.moderation import services
from participation.moderation.items import comment_item, proposal_item
from participation.moderation.models import PostingBlock, Report, ReportReason
from tests.chart_reading import read_chart
from tests.comments.factories import DiscussedProposalFactory, add_comment
from tests.factories import (
    GroupingFactory,
    MunicipalityFactory,
    UserFactory,
    administrator,
    moderator_of,
    representative_of,
)


def test_report_page_and_post(app, client, login):
    proposal = DiscussedProposalFactory()
    comment = add_comment(proposal)
    login(UserFactory())
    page = client.get(f"/nahlasit/komentar/{comment.id}?next=/podnety/{proposal.id}")
    assert page.status_code == 200 and 'name="website"' in page.get_data(as_text=True)
    response = client.post(f"/nahlasit/komentar/{comment.id}", data={
        "reason": "spam", "note": "Reklama", "next": f"/podnety/{proposal.id}"})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/podnety/{proposal.id}#comment-{comment.id}")
    assert db.session.query(Report).one().note == "Reklama"
    again = client.post(f"/nahlasit/komentar/{comment.id}", data={"reason": "spam"}, follow_redirects=True)
    assert "Už jste to nahlásili" in again.get_data(as_text=True)
    assert db.session.query(Report).count() == 1


def test_report_bad_input_and_own_item(app, client, login):
    proposal = DiscussedProposalFactory()
    author = UserFactory()
    comment = add_comment(proposal, author=author)
    login(UserFactory())
    assert client.post(f"/nahlasit/komentar/{comment.id}", data={"reason": "nonsense"}).status_code == 422
    assert client.post(f"/nahlasit/komentar/{comment.id}", data={"reason": "spam", "note": "x" * 1001}).status_code == 422
    assert client.get("/nahlasit/komentar/999").status_code == 404
    login(author)
    client.post(f"/nahlasit/komentar/{comment.id}", data={"reason": "spam"})
    assert db.session.query(Report).count() == 0


def test_report_honeypot_saves_nothing(app, client, login):
    proposal = DiscussedProposalFactory()
    login(UserFactory())
    response = client.post(f"/nahlasit/podnet/{proposal.id}", data={"reason": "spam", "website": "x"})
    assert response.status_code == 303 and db.session.query(Report).count() == 0


def test_report_a_proposal(app, client, login):
    proposal = DiscussedProposalFactory()
    login(UserFactory())
    assert client.post(f"/nahlasit/podnet/{proposal.id}", data={"reason": "off_topic"}).status_code == 303
    assert db.session.query(Report).one().proposal_id == proposal.id


def _reported_comment(municipality=None, body="Nahlášený text"):
    proposal = DiscussedProposalFactory(municipalities=[municipality or MunicipalityFactory()])
    comment = add_comment(proposal, body=body)
    services.report(UserFactory(), comment_item(comment), ReportReason.SPAM)
    return proposal, comment


def test_queue_shows_only_items_in_scope_oldest_first(app, client, login):
    here, there = MunicipalityFactory(), MunicipalityFactory()
    _p1, first = _reported_comment(here, "první v obci")
    _p2, elsewhere = _reported_comment(there, "jinde")
    _p3, second = _reported_comment(here, "druhý v obci")
    login(moderator_of(here))
    html = client.get("/moderace").get_data(as_text=True)
    assert "první v obci" in html and "druhý v obci" in html and "jinde" not in html
    assert html.index("první v obci") < html.index("druhý v obci")
    login(administrator())
    assert "jinde" in client.get("/moderace").get_data(as_text=True)


def test_representative_covers_member_municipalities(app, client, login):
    member = MunicipalityFactory()
    grouping = GroupingFactory(members=[member])
    _reported_comment(member, "ve svazku")
    login(representative_of(grouping))
    assert "ve svazku" in client.get("/moderace").get_data(as_text=True)


def test_queue_is_for_staff_only(app, client, login):
    login(UserFactory())
    assert client.get("/moderace").status_code == 403


def test_queue_query_count_is_fixed(app, client, login, count_queries):
    here = MunicipalityFactory()
    login(moderator_of(here))

    def add_items(n):
        for _ in range(n):
            _reported_comment(here)
            proposal = DiscussedProposalFactory(municipalities=[here])
            services.report(UserFactory(), proposal_item(proposal), ReportReason.SPAM)

    add_items(1)
    with count_queries() as few:
        client.get("/moderace")
    add_items(8)
    with count_queries() as many:
        html = client.get("/moderace").get_data(as_text=True)
    assert many["n"] == few["n"]
    assert html.count('class="queue-item"') == 18


@pytest.mark.parametrize("action", ["skryt", "zobrazit", "odmitnout"])
def test_actions_outside_scope_are_refused(app, client, login, action):
    proposal, comment = _reported_comment()
    login(moderator_of(MunicipalityFactory()))
    response = client.post(f"/moderace/komentar/{comment.id}/{action}", data={"reason": "spam"})
    assert response.status_code == 403
    assert db.session.query(AuditEntry).count() == 0
    db.session.refresh(comment)
    assert comment.hidden_at is None


def test_moderator_hides_unhides_and_dismisses_through_the_pages(app, client, login):
    here = MunicipalityFactory()
    proposal, comment = _reported_comment(here)
    login(moderator_of(here))
    page = client.get(f"/moderace/komentare/{comment.id}")
    assert page.status_code == 200 and "Nahlášený text" in page.get_data(as_text=True)
    assert client.post(f"/moderace/komentar/{comment.id}/skryt",
                       data={"reason": "spam", "explanation": "Reklama"}).status_code == 303
    db.session.refresh(comment)
    assert comment.hidden_reason == "Reklama"
    assert client.post(f"/moderace/komentar/{comment.id}/zobrazit", data={"note": ""}).status_code == 303
    db.session.refresh(comment)
    assert comment.hidden_at is None
    services.report(UserFactory(), comment_item(comment), ReportReason.OFFENSIVE)
    assert client.post(f"/moderace/komentar/{comment.id}/odmitnout", data={}).status_code == 303
    actions = [e.action for e in db.session.query(AuditEntry).order_by(AuditEntry.id)]
    assert actions == ["comment.hide", "comment.unhide", "comment.dismiss_reports"]
    assert client.post(f"/moderace/komentar/{comment.id}/skryt", data={"reason": "bogus"}).status_code == 303
    assert client.post("/moderace/komentar/999/skryt", data={"reason": "spam"}).status_code == 404
    assert client.post(f"/moderace/podnet/{proposal.id}/skryt", data={"reason": "spam"}).status_code == 303
    db.session.refresh(proposal)
    assert proposal.hidden_at is not None


def test_block_page_scope(app, client, login):
    here, there = MunicipalityFactory(), MunicipalityFactory()
    target = UserFactory()
    moderator = moderator_of(here)
    login(moderator)
    assert client.get(f"/moderace/uzivatele/{target.id}/zablokovat").status_code == 200
    response = client.post(f"/moderace/uzivatele/{target.id}/zablokovat",
                           data={"municipality": str(there.id), "days": "7", "reason": "x"})
    assert response.status_code == 422  # not a choice offered to this moderator
    response = client.post(f"/moderace/uzivatele/{target.id}/zablokovat",
                           data={"municipality": "", "days": "7", "reason": "x"})
    assert response.status_code == 422
    response = client.post(f"/moderace/uzivatele/{target.id}/zablokovat",
                           data={"municipality": str(here.id), "days": "7", "reason": "Spam"})
    assert response.status_code == 303
    block = db.session.query(PostingBlock).one()
    assert block.municipality_id == here.id
    assert "Spam" in client.get("/moderace/blokace").get_data(as_text=True)
    login(UserFactory())
    assert client.get(f"/moderace/uzivatele/{target.id}/zablokovat").status_code == 403
    login(moderator_of(there))
    assert client.post(f"/moderace/blokace/{block.id}/zrusit").status_code == 403
    admin = administrator()
    login(admin)
    response = client.post(f"/moderace/uzivatele/{target.id}/zablokovat",
                           data={"municipality": "", "days": "1", "reason": "Všude"})
    assert response.status_code == 303
    assert db.session.query(PostingBlock).filter(PostingBlock.municipality_id.is_(None)).count() == 1
    assert client.post(f"/moderace/blokace/{block.id}/zrusit").status_code == 303


def test_blocked_user_posting_a_comment_gets_a_message(app, client, login):
    here = MunicipalityFactory()
    proposal = DiscussedProposalFactory(municipalities=[here])
    user = UserFactory()
    services.block_user(administrator(), user, here.id, 7, "Spam")
    login(user)
    response = client.post(f"/vlakna/{proposal.thread_id}/komentare",
                           data={f"t{proposal.thread_id}-body": "Zase"}, follow_redirects=True)
    assert "zablokoval" in response.get_data(as_text=True)


def test_transparency_counts_without_hidden_text(app, client):
    here = MunicipalityFactory(name="Horní Lhota")
    proposal, comment = _reported_comment(here, "Tajná nadávka")
    moderator = moderator_of(here)
    services.hide(moderator, comment_item(comment), ReportReason.OFFENSIVE, "")
    response = client.get("/transparentnost")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Horní Lhota" in html and "Urážlivé nebo nenávistné: 1" in html
    assert "Tajná nadávka" not in html
    assert read_chart(html, "transparency-chart") == [("Horní Lhota", "moderátoři: 1, automaticky: 0", 100.0)]
    assert client.get(f"/transparentnost?municipality={here.id}").status_code == 200
    for bad in ("year=abc", "year=99999", "municipality=xyz", "municipality=999999"):
        assert client.get(f"/transparentnost?{bad}").status_code == 200
