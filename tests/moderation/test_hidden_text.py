"""Hidden text appears in no response to anyone but its author and moderators in scope."""

from participation.extensions import db
from participation.moderation import services
from participation.moderation.items import comment_item, proposal_item
from participation.moderation.models import ReportReason
from tests.comments.factories import DiscussedProposalFactory, add_comment
from tests.factories import MunicipalityFactory, UserFactory, moderator_of
from tests.moderation.factories import established_user

SECRET = "Tajnyobsah-7f3a"
HX = {"HX-Request": "true"}


def _responses(client, proposal, comment, reply):
    urls = [
        f"/komentare/{comment.id}",
        f"/komentare/{reply.id}",
        f"/vlakna/{proposal.thread_id}/komentare?comment_page=1",
        f"/komentare/{comment.id}/odpovedet",
        f"/komentare/{comment.id}/upravit",
        f"/nahlasit/komentar/{comment.id}",
        "/moderace",
        f"/moderace/komentare/{comment.id}",
        "/transparentnost",
    ]
    bodies = []
    for url in urls:
        for headers in ({}, HX):
            bodies.append((url, client.get(url, headers=headers).get_data(as_text=True)))
        bodies.append((url + " (article)", client.get(f"/komentare/{comment.id}/clanek", headers=HX)
                       .get_data(as_text=True)))
    return bodies


def _hidden_setup(automatic: bool):
    here = MunicipalityFactory()
    proposal = DiscussedProposalFactory(municipalities=[here])
    author = UserFactory()
    comment = add_comment(proposal, author=author, body=f"Text {SECRET}", stance="for")
    reply = add_comment(proposal, parent=comment, body="Viditelná odpověď")
    moderator = moderator_of(here)
    if automatic:
        for _ in range(3):
            services.report(established_user(), comment_item(comment), ReportReason.OFFENSIVE)
    else:
        services.hide(moderator, comment_item(comment), ReportReason.OFFENSIVE, "Nevhodné výrazy")
    return proposal, comment, reply, author, moderator


def _check(client, login, render_section, automatic):
    proposal, comment, reply, author, moderator = _hidden_setup(automatic)
    outsider_moderator = moderator_of(MunicipalityFactory())
    for viewer in (None, UserFactory(), outsider_moderator):
        if viewer is None:
            with client.session_transaction() as session:
                session.clear()
        else:
            login(viewer)
        for url, body in _responses(client, proposal, comment, reply):
            assert SECRET not in body, (viewer, url)
        html = render_section(proposal, viewer)
        assert SECRET not in html and "Viditelná odpověď" in html
        assert '<span class="stance stance-for">' not in html  # the stance is part of what was hidden
    assert SECRET in render_section(proposal, author)
    assert SECRET in render_section(proposal, moderator)
    login(moderator)
    assert SECRET in client.get(f"/moderace/komentare/{comment.id}").get_data(as_text=True)


def test_hidden_by_a_moderator_never_leaks(app, client, login, render_section):
    _check(client, login, render_section, automatic=False)


def test_hidden_automatically_never_leaks(app, client, login, render_section):
    _check(client, login, render_section, automatic=True)


def test_hidden_comment_is_not_counted(app, render_section):
    proposal, comment, reply, author, moderator = _hidden_setup(False)
    html = render_section(proposal)
    assert "1 komentář" in html  # only the visible reply


def test_comments_of_a_hidden_proposal_are_not_public(app, client, login):
    here = MunicipalityFactory()
    proposal = DiscussedProposalFactory(municipalities=[here])
    comment = add_comment(proposal, body=f"Pod návrhem {SECRET}")
    services.hide(moderator_of(here), proposal_item(proposal), ReportReason.SPAM, "")
    login(UserFactory())
    assert client.get(f"/komentare/{comment.id}").status_code == 404
    assert client.get(f"/vlakna/{proposal.thread_id}/komentare", headers=HX).status_code == 404
    db.session.expire_all()
    login(proposal.author)
    assert client.get(f"/komentare/{comment.id}").status_code == 200
