"""What stops a proposal: a moderator's posting block and the honeypot; the Report link; 500 comments."""

from sqlalchemy import func, insert, select, update

from participation.comments.models import Comment, Stance
from participation.common.models import utcnow
from participation.extensions import db
from participation.proposals.models import Proposal, ProposalStatus
from tests.comments.factories import DiscussedProposalFactory, add_comment
from tests.factories import MunicipalityFactory, UserFactory, administrator
from tests.moderation.factories import PostingBlockFactory

from .factories import DraftFactory
from .test_views import _form


def _proposals() -> int:
    return db.session.scalar(select(func.count(Proposal.id)))


def test_blocked_author_gets_the_reason_next_to_the_municipalities_and_keeps_the_text(client, login):
    home = MunicipalityFactory(name="Lhota")
    user = UserFactory(home_municipality=home)
    PostingBlockFactory(user=user, municipality=home)
    login(user)
    response = client.post("/podnety/novy", data=_form([home], title="Blokovaný návrh o silnici"),
                           headers={"Accept-Language": "cs"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Moderátor vám zde zablokoval přispívání" in html
    assert 'value="Blokovaný návrh o silnici"' in html
    assert _proposals() == 0


def test_block_in_one_municipality_does_not_stop_a_proposal_about_another(client, login):
    home, elsewhere = MunicipalityFactory(), MunicipalityFactory()
    user = UserFactory(home_municipality=home)
    PostingBlockFactory(user=user, municipality=elsewhere)
    login(user)
    assert client.post("/podnety/novy", data=_form([home])).status_code == 303
    assert _proposals() == 1
    response = client.post("/podnety/novy", data=_form([home, elsewhere]))
    assert response.status_code == 422
    assert _proposals() == 1


def test_an_administrators_block_stops_proposals_everywhere(client, login):
    user = UserFactory()
    PostingBlockFactory(user=user, municipality=None, blocked_by=administrator())
    login(user)
    assert client.post("/podnety/novy", data=_form([MunicipalityFactory()])).status_code == 422
    assert _proposals() == 0


def test_blocked_author_cannot_publish_a_draft_and_is_told_why(client, login):
    draft = DraftFactory()
    PostingBlockFactory(user=draft.author, municipality=draft.municipalities[0])
    login(draft.author)
    response = client.post(f"/podnety/{draft.id}/zverejnit", follow_redirects=True)
    assert "stopped you from posting" in response.get_data(as_text=True) or \
        "zablokoval přispívání" in response.get_data(as_text=True)
    db.session.refresh(draft)
    assert draft.status == ProposalStatus.DRAFT


def test_an_expired_block_no_longer_stops_anyone(client, login):
    from datetime import timedelta

    home = MunicipalityFactory()
    user = UserFactory(home_municipality=home)
    PostingBlockFactory(user=user, municipality=home, ends_at=utcnow() - timedelta(minutes=1))
    login(user)
    assert client.post("/podnety/novy", data=_form([home])).status_code == 303


def test_honeypot_filled_in_saves_nothing_but_looks_like_success(client, login):
    home = MunicipalityFactory()
    login(UserFactory(home_municipality=home))
    response = client.post("/podnety/novy", data=_form([home], website="http://spam.example"))
    assert response.status_code == 303
    assert _proposals() == 0


def test_the_form_carries_the_invisible_honeypot(client, login):
    login(UserFactory(home_municipality=MunicipalityFactory()))
    html = client.get("/podnety/novy").get_data(as_text=True)
    assert 'class="honeypot" aria-hidden="true"' in html
    assert 'name="website"' in html and 'tabindex="-1"' in html


# --- the Report link ----------------------------------------------------------------


def _report_link(proposal) -> str:
    return f'href="/nahlasit/podnet/{proposal.id}"'


def test_visitors_and_other_residents_see_the_report_link_the_author_does_not(client, login):
    proposal = DiscussedProposalFactory()
    assert _report_link(proposal) in client.get(f"/podnety/{proposal.id}").get_data(as_text=True)
    login(UserFactory())
    assert _report_link(proposal) in client.get(f"/podnety/{proposal.id}").get_data(as_text=True)
    login(proposal.author)
    assert _report_link(proposal) not in client.get(f"/podnety/{proposal.id}").get_data(as_text=True)


def test_the_report_link_leads_to_a_report_that_reaches_the_queue(client, login):
    from participation.moderation.models import Report

    proposal = DiscussedProposalFactory()
    reporter = UserFactory()
    login(reporter)
    form = client.get(f"/nahlasit/podnet/{proposal.id}")
    assert form.status_code == 200
    response = client.post(f"/nahlasit/podnet/{proposal.id}", data={"reason": "spam", "note": ""})
    assert response.status_code == 303
    report = db.session.scalars(select(Report)).one()
    assert report.reporter_id == reporter.id


def test_no_report_link_on_a_hidden_proposal(client, login):
    proposal = DiscussedProposalFactory()
    db.session.execute(update(Proposal).where(Proposal.id == proposal.id)
                       .values(hidden_at=utcnow(), hidden_reason="spam"))
    db.session.commit()
    login(proposal.author)  # the author still sees the page, hidden
    assert _report_link(proposal) not in client.get(f"/podnety/{proposal.id}").get_data(as_text=True)


# --- the page of a long discussion --------------------------------------------------


def _bulk_comments(proposal, count: int) -> None:
    """`count` comments, a third of them replies, inserted in one statement each level."""
    author = UserFactory()
    now = utcnow()
    stances = [Stance.FOR, Stance.AGAINST, Stance.NEUTRAL, None]
    first = db.session.scalar(select(func.max(Comment.id))) or 0
    db.session.execute(insert(Comment), [
        {"thread_id": proposal.thread_id, "author_id": author.id, "body": f"Komentář {n}", "depth": 1,
         "path": "", "stance": stances[n % 4], "created_at": now, "hidden_reason": "", "hidden_reason_code": ""}
        for n in range(count - count // 3)
    ])
    roots = db.session.scalars(select(Comment).where(Comment.id > first).order_by(Comment.id)).all()
    for root in roots:
        root.root_id, root.path = root.id, f"{root.id:010d}"
    db.session.flush()
    db.session.execute(insert(Comment), [
        {"thread_id": proposal.thread_id, "author_id": author.id, "body": f"Odpověď {n}", "depth": 2,
         "parent_id": roots[n].id, "root_id": roots[n].id, "path": "", "stance": None, "created_at": now,
         "hidden_reason": "", "hidden_reason_code": ""}
        for n in range(count // 3)
    ])
    for reply in db.session.scalars(select(Comment).where(Comment.depth == 2, Comment.path == "")):
        reply.path = f"{reply.parent.path}/{reply.id:010d}"
    db.session.commit()


def test_the_proposal_page_with_500_comments_costs_what_it_costs_with_5(client, login, count_queries):
    small = DiscussedProposalFactory()
    for _ in range(5):
        add_comment(small)
    large = DiscussedProposalFactory()
    _bulk_comments(large, 500)
    assert db.session.scalar(select(func.count(Comment.id)).where(Comment.thread_id == large.thread_id)) == 500

    small_id, large_id = small.id, large.id

    def count(proposal_id):
        db.session.expunge_all()  # tests share one session with the app: start with nothing loaded
        with count_queries() as counter:
            response = client.get(f"/podnety/{proposal_id}")
        assert response.status_code == 200
        return counter["n"], response.get_data(as_text=True)

    visitor_small, _ = count(small_id)
    visitor_large, html = count(large_id)
    assert visitor_small == visitor_large
    assert "Komentář 0" in html and "Komentář 300" not in html  # the first page only
    reader = UserFactory()
    login(reader)
    assert count(small_id)[0] == count(large_id)[0]


def test_on_a_phone_the_support_panel_comes_before_the_discussion(client):
    """One column on a phone follows the page's order: supporting comes right under the title,
    before the description and far before 200 comments."""
    proposal = DiscussedProposalFactory()
    add_comment(proposal)
    html = client.get(f"/podnety/{proposal.id}").get_data(as_text=True)
    title_at = html.index("<h1>")
    support_at = html.index(f'id="proposal-{proposal.id}-support"')
    assert title_at < support_at < html.index('class="proposal-body"') < html.index(f'id="thread-{proposal.thread_id}"')
