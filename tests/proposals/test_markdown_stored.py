"""Markdown rendered and sanitised when saved, shown from the stored HTML, re-rendered by a command."""

from sqlalchemy import text

from participation.accounts import services as accounts
from participation.comments.models import Comment
from participation.extensions import db
from participation.proposals import services
from participation.proposals.models import Category
from tests.comments.factories import DiscussedProposalFactory, add_comment
from tests.factories import MunicipalityFactory, UserFactory


def test_saving_stores_the_sanitised_html_and_pages_show_it(app, client):
    town = MunicipalityFactory()
    author = UserFactory(home_municipality=town)
    proposal = services.create_proposal(author, services.ProposalData(
        title="Lavička", body="**Opravit** lavičku <script>alert(1)</script>", category=Category.OTHER,
        municipality_ids=[town.id]), publish=True)
    assert "<strong>Opravit</strong>" in proposal.body_html and "<script>" not in proposal.body_html

    # The page shows what is stored, without rendering again.
    db.session.execute(text("UPDATE proposal SET body_html = '<p>uloženo</p>' WHERE id = :id"), {"id": proposal.id})
    db.session.commit()
    assert "<p>uloženo</p>" in client.get(f"/podnety/{proposal.id}").get_data(as_text=True)

    result = app.test_cli_runner().invoke(args=["markdown", "rerender"])
    assert "proposal.body: 1 of 1 changed" in result.output
    page = client.get(f"/podnety/{proposal.id}").get_data(as_text=True)
    assert "<strong>Opravit</strong>" in page and "uloženo" not in page


def test_comments_keep_their_html_and_a_deleted_account_leaves_none(app, client):
    proposal = DiscussedProposalFactory()
    author = UserFactory()
    comment = add_comment(proposal, author=author, body="Viz [plán](https://example.cz/plan)")
    assert 'href="https://example.cz/plan"' in comment.body_html
    assert 'href="https://example.cz/plan"' in client.get(f"/podnety/{proposal.id}").get_data(as_text=True)
    accounts.delete_account(author, remove_comments=True)
    db.session.expire_all()
    assert db.session.get(Comment, comment.id).body_html == ""


def test_rows_saved_before_the_html_was_stored_are_rendered_on_view(app, client):
    proposal = DiscussedProposalFactory(body="_kurzíva_")
    db.session.execute(text("UPDATE proposal SET body_html = '' WHERE id = :id"), {"id": proposal.id})
    db.session.commit()
    assert "<em>kurzíva</em>" in client.get(f"/podnety/{proposal.id}").get_data(as_text=True)
