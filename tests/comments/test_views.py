"""The discussion as people use it: with and without htmx, each role, bad input."""

import pytest

from participation.comments.models import Comment, Stance
from participation.extensions import db
from tests.comments.factories import DiscussedProposalFactory, add_comment
from tests.factories import UserFactory, moderator_of

HX = {"HX-Request": "true"}


def test_visitor_sees_thread_counts_and_no_form(app, render_section):
    proposal = DiscussedProposalFactory()
    top = add_comment(proposal, body="Kdy **pojede** autobus?", stance=Stance.FOR)
    add_comment(proposal, body="Odpověď", parent=top)
    html = render_section(proposal)
    assert f'id="comment-{top.id}"' in html
    assert "<strong>pojede</strong>" in html
    assert f'id="thread-{proposal.thread_id}-form"' not in html
    assert "2 komentáře" in html  # Czech plural for 2


def test_signed_in_user_gets_the_form(app, render_section):
    proposal = DiscussedProposalFactory()
    html = render_section(proposal, UserFactory())
    assert f'id="thread-{proposal.thread_id}-form"' in html
    assert f'name="t{proposal.thread_id}-website"' in html  # honeypot


def test_post_comment_without_js_redirects_to_its_anchor(app, client, login):
    proposal = DiscussedProposalFactory()
    user = UserFactory()
    login(user)
    response = client.post(f"/vlakna/{proposal.thread_id}/komentare", data={
        f"t{proposal.thread_id}-body": "Nová zastávka by pomohla.",
        f"t{proposal.thread_id}-stance": "for",
        f"t{proposal.thread_id}-return_to": f"/podnety/{proposal.id}",
    })
    comment = db.session.query(Comment).one()
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/podnety/{proposal.id}#comment-{comment.id}")
    assert comment.stance == Stance.FOR and comment.author_id == user.id
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Váš komentář je zveřejněn." in page  # said where the comment may be out of sight


def test_post_comment_with_htmx_returns_it_in_place(app, client, login):
    proposal = DiscussedProposalFactory()
    login(UserFactory())
    response = client.post(f"/vlakna/{proposal.thread_id}/komentare", headers=HX, data={
        f"t{proposal.thread_id}-body": "S htmx",
    })
    comment = db.session.query(Comment).one()
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.lstrip().startswith(f'<li id="comment-{comment.id}"')
    assert "hx-swap-oob" in html and "S htmx" in html
    assert '<span role="status" class="muted">Váš komentář je zveřejněn.</span>' in html
    # The first comment takes "No comments yet." away; the second has nothing to take away.
    assert f'hx-swap-oob="delete:#thread-{proposal.thread_id}-empty"' in html
    second = client.post(f"/vlakna/{proposal.thread_id}/komentare", headers=HX, data={
        f"t{proposal.thread_id}-body": "Druhý",
    }).get_data(as_text=True)
    assert "delete:#thread-" not in second


def test_foreign_return_to_is_ignored(app, client, login):
    proposal = DiscussedProposalFactory()
    login(UserFactory())
    response = client.post(f"/vlakna/{proposal.thread_id}/komentare", data={
        f"t{proposal.thread_id}-body": "Text", f"t{proposal.thread_id}-return_to": "https://evil.example/",
    })
    assert "evil.example" not in response.headers["Location"]


@pytest.mark.parametrize("body", ["", "   ", "x" * 5001])
def test_bad_comment_keeps_the_text_and_saves_nothing(app, client, login, body):
    proposal = DiscussedProposalFactory()
    login(UserFactory())
    response = client.post(f"/vlakna/{proposal.thread_id}/komentare", data={
        f"t{proposal.thread_id}-body": body, f"t{proposal.thread_id}-stance": "for",
    })
    assert response.status_code == 422
    assert db.session.query(Comment).count() == 0
    assert 'class="error"' in response.get_data(as_text=True)


def test_bad_stance_is_refused(app, client, login):
    proposal = DiscussedProposalFactory()
    login(UserFactory())
    response = client.post(f"/vlakna/{proposal.thread_id}/komentare", data={
        f"t{proposal.thread_id}-body": "Text", f"t{proposal.thread_id}-stance": "maybe",
    })
    assert response.status_code == 422
    assert db.session.query(Comment).count() == 0


def test_htmx_validation_error_returns_the_form(app, client, login):
    proposal = DiscussedProposalFactory()
    login(UserFactory())
    response = client.post(f"/vlakna/{proposal.thread_id}/komentare", headers=HX,
                           data={f"t{proposal.thread_id}-body": ""})
    assert response.headers["HX-Retarget"] == f"#thread-{proposal.thread_id}-form"
    assert 'class="error"' in response.get_data(as_text=True)


def test_honeypot_saves_nothing_but_looks_fine(app, client, login):
    proposal = DiscussedProposalFactory()
    login(UserFactory())
    response = client.post(f"/vlakna/{proposal.thread_id}/komentare", data={
        f"t{proposal.thread_id}-body": "Koupte levné hodinky", f"t{proposal.thread_id}-website": "http://spam",
    })
    assert response.status_code == 303
    assert db.session.query(Comment).count() == 0


def test_visitor_cannot_post(app, client):
    proposal = DiscussedProposalFactory()
    response = client.post(f"/vlakna/{proposal.thread_id}/komentare", data={f"t{proposal.thread_id}-body": "x"})
    assert response.status_code in (303, 401)
    assert db.session.query(Comment).count() == 0


def test_unknown_thread_and_comment_give_404(app, client, login):
    login(UserFactory())
    assert client.post("/vlakna/999/komentare", data={}).status_code == 404
    assert client.get("/komentare/999").status_code == 404
    assert client.get("/komentare/999/odpovedet").status_code == 404
    assert client.get("/komentare/abc").status_code == 404


def test_reply_form_page_and_fragment(app, client, login):
    proposal = DiscussedProposalFactory()
    top = add_comment(proposal)
    login(UserFactory())
    page = client.get(f"/komentare/{top.id}/odpovedet")
    assert page.status_code == 200 and "<h1>" in page.get_data(as_text=True)
    fragment = client.get(f"/komentare/{top.id}/odpovedet", headers=HX)
    html = fragment.get_data(as_text=True)
    assert "<h1>" not in html and f'id="comment-{top.id}-reply-form"' in html
    assert "HX-Request" in fragment.headers["Vary"]


def test_reply_without_js_and_with_htmx(app, client, login):
    proposal = DiscussedProposalFactory()
    top = add_comment(proposal)
    second = add_comment(proposal, parent=top)
    third = add_comment(proposal, parent=second)
    login(UserFactory())
    response = client.post(f"/komentare/{top.id}/odpovedet", data={f"r{top.id}-body": "Plain"})
    assert response.status_code == 303
    plain = db.session.query(Comment).filter_by(body="Plain").one()
    assert response.headers["Location"].endswith(f"#comment-{plain.id}")
    response = client.post(f"/komentare/{third.id}/odpovedet", headers=HX, data={f"r{third.id}-body": "Hluboko"})
    deep = db.session.query(Comment).filter_by(body="Hluboko").one()
    assert deep.parent_id == second.id and deep.depth == 3
    assert response.headers["HX-Retarget"] == f"#comment-{second.id}-replies"


def test_reply_to_hidden_comment_is_refused_with_a_message(app, client, login):
    proposal = DiscussedProposalFactory()
    top = add_comment(proposal)
    top.hidden_at = top.created_at
    db.session.commit()
    login(UserFactory())
    response = client.post(f"/komentare/{top.id}/odpovedet", data={f"r{top.id}-body": "Ne"}, follow_redirects=True)
    assert db.session.query(Comment).count() == 1
    assert "Na tento komentář nelze odpovědět" in response.get_data(as_text=True)


def test_edit_own_comment_and_not_anothers(app, client, login):
    proposal = DiscussedProposalFactory()
    author = UserFactory()
    comment = add_comment(proposal, author=author, body="Původní")
    login(UserFactory())
    assert client.get(f"/komentare/{comment.id}/upravit").status_code == 403
    assert client.post(f"/komentare/{comment.id}/upravit", data={f"e{comment.id}-body": "Cizí"}).status_code == 403
    login(author)
    assert client.get(f"/komentare/{comment.id}/upravit").status_code == 200
    response = client.post(f"/komentare/{comment.id}/upravit", headers=HX, data={f"e{comment.id}-body": "Opraveno"})
    html = response.get_data(as_text=True)
    assert "Opraveno" in html and "upraveno" in html
    db.session.refresh(comment)
    assert comment.body == "Opraveno" and comment.edited_at is not None


def test_delete_own_comment_with_replies_leaves_placeholder(app, client, login, render_section):
    proposal = DiscussedProposalFactory()
    author = UserFactory()
    top = add_comment(proposal, author=author, body="Tohle smažu")
    add_comment(proposal, parent=top, body="Reakce")
    login(UserFactory())
    assert client.post(f"/komentare/{top.id}/smazat").status_code == 403
    login(author)
    assert client.get(f"/komentare/{top.id}/smazat").status_code == 200
    assert client.post(f"/komentare/{top.id}/smazat").status_code == 303
    html = render_section(proposal)
    assert "Tohle smažu" not in html and "Reakce" in html
    assert "smazal" in html  # "Tento komentář jeho autor smazal."


def test_xss_in_comments_is_inert(app, client, login, render_section):
    proposal = DiscussedProposalFactory()
    login(UserFactory())
    payloads = ['<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '[klik](javascript:alert(1))',
                '"><svg onload=alert(1)>']
    for payload in payloads:
        client.post(f"/vlakna/{proposal.thread_id}/komentare", data={f"t{proposal.thread_id}-body": payload})
    html = render_section(proposal)
    assert "<script>alert" not in html
    assert "<img" not in html and "<svg" not in html
    assert 'href="javascript:' not in html


def test_moderator_sees_moderate_link_and_hidden_text_others_do_not(app, render_section):
    proposal = DiscussedProposalFactory()
    author = UserFactory()
    comment = add_comment(proposal, author=author, body="Skryté tajemství")
    comment.hidden_at = comment.created_at
    comment.hidden_reason = "Urážka"
    comment.hidden_by_id = author.id
    db.session.commit()
    moderator = moderator_of(proposal.municipalities[0])
    stranger_moderator = moderator_of(DiscussedProposalFactory().municipalities[0])
    for viewer in (None, UserFactory(), stranger_moderator):
        html = render_section(proposal, viewer)
        assert "Skryté tajemství" not in html
        assert "Urážka" in html
    assert "Skryté tajemství" in render_section(proposal, author)
    html = render_section(proposal, moderator)
    assert "Skryté tajemství" in html and f"/moderace/komentare/{comment.id}" in html


def test_orders_and_pages(app, render_section):
    app.config["COMMENTS_PER_PAGE"] = 2
    try:
        proposal = DiscussedProposalFactory()
        first = add_comment(proposal, body="první")
        second = add_comment(proposal, body="druhý")
        third = add_comment(proposal, body="třetí")
        add_comment(proposal, parent=third, body="odpověď")
        html = render_section(proposal)
        assert f'id="comment-{first.id}"' in html and f'id="comment-{third.id}"' not in html
        assert "comment_page=2" in html
        html = render_section(proposal, query_string="comment_page=2")
        assert f'id="comment-{third.id}"' in html and f'id="comment-{first.id}"' not in html
        html = render_section(proposal, query_string="comment_order=newest")
        assert html.index(f'id="comment-{third.id}"') < html.index(f'id="comment-{second.id}"')
        html = render_section(proposal, query_string="comment_order=replied")
        assert html.index(f'id="comment-{third.id}"') < html.index(f'id="comment-{first.id}"')
        # Malformed values fall back to the first page, oldest first.
        html = render_section(proposal, query_string="comment_page=abc&comment_order=%3Cx%3E")
        assert f'id="comment-{first.id}"' in html
    finally:
        app.config.pop("COMMENTS_PER_PAGE")


def test_load_more_fragment_and_plain_redirect(app, client):
    app.config["COMMENTS_PER_PAGE"] = 1
    try:
        proposal = DiscussedProposalFactory()
        add_comment(proposal, body="první")
        later = add_comment(proposal, body="druhý")
        response = client.get(f"/vlakna/{proposal.thread_id}/komentare?comment_page=2", headers=HX)
        html = response.get_data(as_text=True)
        assert f'id="comment-{later.id}"' in html and "<h1>" not in html
        assert "HX-Request" in response.headers["Vary"]
        response = client.get(f"/vlakna/{proposal.thread_id}/komentare?comment_page=2")
        assert response.status_code == 303
        assert f"/podnety/{proposal.id}?comment_page=2" in response.headers["Location"]
    finally:
        app.config.pop("COMMENTS_PER_PAGE")


def test_replies_beyond_the_shown_number_link_to_the_comment_page(app, client, render_section):
    app.config["COMMENTS_REPLIES_SHOWN"] = 2
    try:
        proposal = DiscussedProposalFactory()
        top = add_comment(proposal)
        replies = [add_comment(proposal, parent=top, body=f"odpověď {n}") for n in range(4)]
        html = render_section(proposal)
        assert "odpověď 1" in html and "odpověď 2" not in html
        assert f'href="/komentare/{top.id}"' in html
        page = client.get(f"/komentare/{replies[3].id}").get_data(as_text=True)
        assert "odpověď 3" in page
    finally:
        app.config.pop("COMMENTS_REPLIES_SHOWN")


def test_draft_proposals_discussion_is_not_public(app, client):
    proposal = DiscussedProposalFactory(status="draft")
    comment = add_comment(proposal, body="koncept")
    assert client.get(f"/komentare/{comment.id}").status_code == 404
    assert client.get(f"/vlakna/{proposal.thread_id}/komentare", headers=HX).status_code == 404


def test_blocked_user_sees_a_notice_instead_of_the_form(app, render_section):
    from participation.moderation import services as moderation
    from tests.factories import administrator

    proposal = DiscussedProposalFactory()
    user = UserFactory()
    moderation.block_user(administrator(), user, proposal.municipalities[0].id, 7, "Spam")
    html = render_section(proposal, user)
    assert f'id="thread-{proposal.thread_id}-form"' not in html
    assert "zablokoval" in html


def test_unconfirmed_user_is_asked_to_confirm(app, render_section):
    proposal = DiscussedProposalFactory()
    html = render_section(proposal, UserFactory(email_confirmed_at=None))
    assert f'id="thread-{proposal.thread_id}-form"' not in html
    assert "Potvrďte" in html
