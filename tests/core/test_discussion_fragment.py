"""A discussion page rendered once for everyone, each viewer's actions stitched in: never stale, never another's."""


from participation.comments import services as comments
from participation.extensions import db
from tests.comments.factories import DiscussedProposalFactory, add_comment
from tests.factories import MunicipalityFactory, UserFactory, administrator, moderator_of
from tests.page_checks import html_of, without_cache


def actions_of(html: str, comment) -> str:
    """The links under one comment."""
    start = html.index(f'id="comment-{comment.id}-article"')
    return html[start:html.index("</article>", start)]


def test_each_person_gets_their_own_actions_from_one_shared_rendering(app, signed_in, count_queries):
    town = MunicipalityFactory()
    proposal = DiscussedProposalFactory(municipalities=[town])
    author, author_client = signed_in(UserFactory(home_municipality=town))
    _other, other_client = signed_in(UserFactory(home_municipality=town))
    mine = add_comment(proposal, author=author, body="Můj **názor**")
    theirs = add_comment(proposal, body="Cizí názor")
    db.session.commit()
    path = f"/podnety/{proposal.id}"

    with count_queries() as uncached:
        as_author = html_of(author_client.get(path))
    with count_queries(keep_cache=True) as cached:
        as_other = html_of(other_client.get(path))
    assert cached["n"] < uncached["n"]  # the other person's discussion came from the shared rendering
    assert "<strong>názor</strong>" in as_author and "<strong>názor</strong>" in as_other
    assert f"/komentare/{mine.id}/upravit" in actions_of(as_author, mine)
    assert f"/komentare/{mine.id}/upravit" not in actions_of(as_other, mine)  # never the author's buttons
    assert f"/nahlasit/komentar/{mine.id}?" not in actions_of(as_author, mine)
    assert f"/nahlasit/komentar/{mine.id}?" in actions_of(as_other, mine)
    assert f"/komentare/{theirs.id}/upravit" not in as_author + as_other
    assert "spolu-actions" not in as_author + as_other
    assert as_other == without_cache(app, other_client, path)  # exactly what rendering afresh gives
    visitor = html_of(app.test_client().get(path))
    assert "/upravit" not in visitor and "Sign in to reply" in visitor or "Přihlaste se" in visitor


def test_a_comment_an_edit_a_deletion_and_a_hiding_show_on_the_next_request(app, signed_in):
    town = MunicipalityFactory()
    proposal = DiscussedProposalFactory(municipalities=[town])
    author, author_client = signed_in(UserFactory(home_municipality=town))
    _reader, reader_client = signed_in(UserFactory(home_municipality=town))
    comment = add_comment(proposal, author=author, body="První verze")
    db.session.commit()
    path = f"/podnety/{proposal.id}"
    assert "První verze" in html_of(reader_client.get(path))

    add_comment(proposal, body="Úplně nový příspěvek")
    db.session.commit()
    assert "Úplně nový příspěvek" in html_of(reader_client.get(path))

    comments.edit_comment(author, comment, "Druhá verze")
    html = html_of(reader_client.get(path))
    assert "Druhá verze" in html and "První verze" not in html

    from participation.moderation import items, services
    from participation.moderation.models import ReportReason

    services.hide(moderator_of(town), items.comment_item(comment), ReportReason.SPAM)
    assert "Druhá verze" not in html_of(reader_client.get(path))
    assert "Druhá verze" in html_of(author_client.get(path))  # its author still reads a hidden comment's text
    assert html_of(reader_client.get(path)) == without_cache(app, reader_client, path)

    services.unhide(administrator(), items.comment_item(comment))
    assert "Druhá verze" in html_of(reader_client.get(path))
    comment_id = comment.id
    comments.delete_comment(author, db.session.get(type(comment), comment_id))
    html = html_of(reader_client.get(path))
    assert f'id="comment-{comment_id}"' not in html
    assert html == without_cache(app, reader_client, path)


def test_a_moderator_reads_hidden_text_that_residents_do_not(app, signed_in):
    from participation.moderation import items, services
    from participation.moderation.models import ReportReason

    town = MunicipalityFactory()
    proposal = DiscussedProposalFactory(municipalities=[town])
    comment = add_comment(proposal, body="Sporný text")
    db.session.commit()
    moderator = moderator_of(town)
    services.hide(moderator, items.comment_item(comment), ReportReason.SPAM)
    _resident, resident_client = signed_in(UserFactory(home_municipality=town))
    _moderator, moderator_client = signed_in(moderator)
    path = f"/podnety/{proposal.id}"
    assert "Sporný text" not in html_of(resident_client.get(path))
    as_moderator = html_of(moderator_client.get(path))
    assert "Sporný text" in as_moderator and f"/moderace/komentare/{comment.id}" in as_moderator
    assert "Sporný text" not in html_of(resident_client.get(path))
