"""The Report link under a comment is offered only to those who may report there (blocks asked once per page)."""

from datetime import timedelta

from participation.common.models import utcnow
from participation.extensions import db
from participation.moderation.models import PostingBlock
from tests.comments.factories import DiscussedProposalFactory, add_comment
from tests.factories import MunicipalityFactory, UserFactory

REPORT = "/nahlasit/komentar/"


def _discussion(comments: int = 2):
    proposal = DiscussedProposalFactory()
    for n in range(comments):
        add_comment(proposal, body=f"Komentář {n}")
    return proposal


def _block(user, municipality_id):
    db.session.add(PostingBlock(user_id=user.id, municipality_id=municipality_id, reason="Urážky",
                                ends_at=utcnow() + timedelta(days=7)))
    db.session.commit()


def test_a_resident_in_good_standing_and_a_visitor_see_the_report_links(render_section):
    proposal = _discussion()
    assert render_section(proposal, UserFactory()).count(REPORT) == 2
    assert render_section(proposal, None).count(REPORT) == 2  # sent to sign in


def test_an_account_blocked_in_that_municipality_sees_no_report_link(render_section):
    proposal = _discussion()
    blocked = UserFactory()
    _block(blocked, proposal.municipalities[0].id)
    assert render_section(proposal, blocked).count(REPORT) == 0


def test_a_block_everywhere_hides_them_and_a_block_elsewhere_does_not(render_section):
    proposal = _discussion()
    everywhere, elsewhere = UserFactory(), UserFactory()
    _block(everywhere, None)
    _block(elsewhere, MunicipalityFactory().id)
    assert render_section(proposal, everywhere).count(REPORT) == 0
    assert render_section(proposal, elsewhere).count(REPORT) == 2


def test_an_unconfirmed_account_sees_no_report_link(render_section):
    proposal = _discussion()
    assert render_section(proposal, UserFactory(email_confirmed_at=None)).count(REPORT) == 0


def test_the_blocked_viewers_page_asks_for_blocks_once_however_many_comments(render_section, count_queries):
    few, many = _discussion(2), _discussion(15)
    blocked = UserFactory()
    _block(blocked, few.municipalities[0].id)
    _block(blocked, many.municipalities[0].id)
    counts = []
    for proposal in (few, many):
        db.session.expire_all()
        with count_queries() as counter:
            html = render_section(proposal, blocked)
        assert REPORT not in html
        counts.append(counter["n"])
    assert counts[0] == counts[1]
