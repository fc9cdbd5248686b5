"""My Spolu: each list's contents, hidden content, pagination, htmx fragments, permissions, queries."""

from datetime import timedelta

import pytest

from participation.common.models import utcnow
from participation.consultations.models import Response
from participation.extensions import db
from participation.follows.models import Follow
from participation.proposals.models import ProposalStatus
from tests.comments.factories import DiscussedProposalFactory, add_comment
from tests.consultations.factories import make_consultation
from tests.factories import (
    GroupingFactory,
    MunicipalityFactory,
    UserFactory,
    administrator,
    moderator_of,
    representative_of,
)
from tests.proposals.factories import DraftFactory, SupportFactory, supporters

URL = "/muj-spolu"
SECRET_REPLY = "Tajná odpověď, kterou moderátor skryl"


@pytest.fixture
def world(app):
    """A resident with something in every list, and things that must not show."""
    home, elsewhere = MunicipalityFactory(name="Lhota"), MunicipalityFactory(name="Ves")
    me = UserFactory(home_municipality=home, display_name="Jana Nováková")
    other = UserFactory(home_municipality=home, display_name="Petr Dvořák")

    written = DiscussedProposalFactory(author=me, title="Chodník ke škole", municipalities=[home])
    supporters(written, home, 2)
    draft = DraftFactory(author=me, title="Rozepsaný návrh o vodě", municipalities=[home])
    hidden_mine = DiscussedProposalFactory(author=me, title="Můj skrytý návrh", municipalities=[home],
                                           hidden_at=utcnow(), hidden_reason="Osobní údaje")

    supported = DiscussedProposalFactory(author=other, title="Optika do Vsi", municipalities=[home, elsewhere])
    SupportFactory(proposal=supported, user=me)
    hidden_other = DiscussedProposalFactory(author=other, title="Cizí skrytý návrh", municipalities=[home])
    SupportFactory(proposal=hidden_other, user=me)
    hidden_other.hidden_at = utcnow()

    comment = add_comment(supported, author=me, body="Optiku potřebujeme hned.")
    add_comment(supported, author=other, body="Souhlasím s Janou.", parent=comment)
    add_comment(supported, author=other, body=SECRET_REPLY, parent=comment, hidden_at=utcnow())
    add_comment(supported, author=me, body="Moje vlastní doplnění.", parent=comment)
    add_comment(supported, author=me, body="Můj skrytý komentář", hidden_at=utcnow(),
                hidden_reason="Mimo téma")
    add_comment(supported, author=me, body="Smazaný komentář", deleted_at=utcnow())

    db.session.add_all([Follow(user_id=me.id, proposal_id=supported.id),
                        Follow(user_id=me.id, municipality_id=home.id),
                        Follow(user_id=me.id, proposal_id=hidden_other.id)])

    grouping = GroupingFactory(members=[home, elsewhere])
    to_answer = make_consultation(grouping, [home, elsewhere], title="Kudy povede cyklostezka")
    answered = make_consultation(grouping, [home], title="Zodpovězená anketa")
    db.session.add(Response(consultation_id=answered.id, user_id=me.id, municipality_id=home.id))
    make_consultation(grouping, [elsewhere], title="Anketa jen pro Ves")
    make_consultation(grouping, [home], phase="closed", title="Uzavřená anketa")
    make_consultation(grouping, [home], phase="draft", title="Koncept ankety")
    db.session.commit()
    return {"me": me, "other": other, "home": home, "written": written, "draft": draft,
            "hidden_mine": hidden_mine, "supported": supported, "to_answer": to_answer}


def _section(html: str, name: str) -> str:
    start = html.index(f'id="mine-{name}"')
    end = html.find("</section>", start)
    return html[start:end]


def test_visitor_is_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code in (302, 303)
    assert "/prihlaseni" in response.headers["Location"]


def test_each_list_shows_my_things(client, login, world):
    login(world["me"])
    html = client.get(URL).get_data(as_text=True)

    wrote = _section(html, "proposals")
    assert "Chodník ke škole" in wrote and "Rozepsaný návrh o vodě" in wrote
    assert "Můj skrytý návrh" in wrote and "Osobní údaje" in wrote  # my hidden one, marked
    assert "2 podpory" in wrote

    supported = _section(html, "supported")
    assert "Optika do Vsi" in supported
    assert "Cizí skrytý návrh" not in html  # someone else's hidden proposal keeps its title
    assert "Podnět skrytý moderátorem" in supported

    comments = _section(html, "comments")
    assert "Optiku potřebujeme hned." in comments
    assert "Souhlasím s Janou." in comments and "Petr Dvořák" in comments
    assert SECRET_REPLY not in html  # another person's hidden reply never shows its text
    assert "Můj skrytý komentář" in comments and "Mimo téma" in comments
    assert "Smazaný komentář" not in html
    assert "Moje vlastní doplnění." in comments  # my own reply is my comment, not a reply to me
    assert "2 odpovědi" in comments  # the visible and the hidden reply by others

    follows = _section(html, "follows")
    assert "Optika do Vsi" in follows and "Lhota" in follows
    assert "Cizí skrytý návrh" not in follows

    consultations = _section(html, "consultations")
    assert "Kudy povede cyklostezka" in consultations
    for absent in ("Zodpovězená anketa", "Anketa jen pro Ves", "Uzavřená anketa", "Koncept ankety"):
        assert absent not in consultations


def test_comment_links_point_at_their_anchor(client, login, world):
    login(world["me"])
    html = client.get(URL).get_data(as_text=True)
    from participation.comments.models import Comment

    mine = db.session.scalars(db.select(Comment).where(Comment.body == "Optiku potřebujeme hned.")).one()
    assert f'/komentare/{mine.id}#comment-{mine.id}' in html


@pytest.mark.parametrize("role", ["other", "moderator", "representative", "administrator"])
def test_others_see_only_their_own(client, login, world, role):
    user = {
        "other": lambda: world["other"],
        "moderator": lambda: moderator_of(world["home"]),
        "representative": lambda: representative_of(GroupingFactory(members=[world["home"]])),
        "administrator": administrator,
    }[role]()
    login(user)
    html = client.get(URL).get_data(as_text=True)
    assert "Rozepsaný návrh o vodě" not in html
    assert "Můj skrytý návrh" not in html
    assert "Optiku potřebujeme hned." not in html


def test_the_other_user_sees_their_replies_not_my_hidden_comment(client, login, world):
    login(world["other"])
    html = client.get(URL).get_data(as_text=True)
    comments = _section(html, "comments")
    assert "Souhlasím s Janou." in comments
    assert SECRET_REPLY in comments  # their own hidden reply, marked
    assert "Můj skrytý komentář" not in html


def test_without_home_municipality_there_is_nothing_to_answer(client, login, world):
    world["me"].home_municipality_id = None
    db.session.commit()
    login(world["me"])
    html = client.get(URL).get_data(as_text=True)
    assert "Kudy povede cyklostezka" not in html


def test_lists_paginate_independently(app, client, login, world, monkeypatch):
    monkeypatch.setitem(app.config, "WORKSPACE_PER_PAGE", 2)
    login(world["me"])
    first = client.get(URL).get_data(as_text=True)
    assert "Chodník ke škole" not in _section(first, "proposals")  # the oldest is on page 2
    assert "proposals_page=2" in first
    second = client.get(f"{URL}?proposals_page=2").get_data(as_text=True)
    assert "Chodník ke škole" in _section(second, "proposals")
    comments = _section(second, "comments")
    assert "Můj skrytý komentář" in comments and "Optiku potřebujeme hned." not in comments  # still page 1
    # The comments list's next link keeps the proposals' page.
    assert "proposals_page=2&amp;comments_page=2" in comments
    third = client.get(f"{URL}?proposals_page=2&comments_page=2").get_data(as_text=True)
    assert "Chodník ke škole" in _section(third, "proposals")
    assert "Optiku potřebujeme hned." in _section(third, "comments")


@pytest.mark.parametrize("query", ["proposals_page=abc", "proposals_page=-1", "comments_page=99999",
                                   "list=nonsense", "follows_page=1e9"])
def test_bad_page_values_never_fail(client, login, world, query):
    login(world["me"])
    assert client.get(f"{URL}?{query}").status_code == 200


def test_htmx_gets_one_list(client, login, world):
    login(world["me"])
    response = client.get(f"{URL}?list=proposals&proposals_page=1", headers={"HX-Request": "true"})
    html = response.get_data(as_text=True)
    assert "HX-Request" in response.headers["Vary"]
    assert "<html" not in html and html.strip().startswith("<section")
    assert 'id="mine-proposals"' in html and 'id="mine-comments"' not in html
    plain = client.get(f"{URL}?list=proposals").get_data(as_text=True)
    assert "<html" in plain and 'id="mine-comments"' in plain


def _grow(world, times: int) -> None:
    """More of everything in every list."""
    me, home, other = world["me"], world["home"], world["other"]
    grouping = GroupingFactory(members=[home])
    for n in range(times):
        proposal = DiscussedProposalFactory(author=me, municipalities=[home])
        supporters(proposal, home, 3)
        others = DiscussedProposalFactory(author=other, municipalities=[home])
        SupportFactory(proposal=others, user=me)
        comment = add_comment(others, author=me, body=f"Komentář {n}")
        for k in range(4):
            add_comment(others, author=other, body=f"Odpověď {k}", parent=comment)
        db.session.add(Follow(user_id=me.id, proposal_id=others.id))
        make_consultation(grouping, [home], title=f"Anketa {n}")
    db.session.commit()


def test_query_count_does_not_grow(app, client, login, world, count_queries):
    login(world["me"])
    client.get(URL)  # the first page after signing in also notes the session's use; measure the ones after it
    db.session.expire_all()
    with count_queries() as small:
        assert client.get(URL).status_code == 200
    _grow(world, 12)
    db.session.expire_all()
    with count_queries() as large:
        html = client.get(URL).get_data(as_text=True)
    assert "Komentář 11" in html
    assert large["n"] == small["n"], large["statements"]
    # One of them asks whether the person is an advisor or coordinator (advisors' section).
    assert small["n"] <= 18


def test_status_shows_for_my_proposals(client, login, world):
    world["written"].status = ProposalStatus.UNDER_REVIEW
    world["written"].published_at = utcnow() - timedelta(days=3)
    db.session.commit()
    login(world["me"])
    assert "Posuzuje se" in _section(client.get(URL).get_data(as_text=True), "proposals")
