"""Demo discussions and moderation: realistic, idempotent, and harmless without proposals."""

from participation.comments import seed as comments_seed
from participation.comments.models import Comment
from participation.extensions import db
from participation.moderation import seed as moderation_seed
from participation.moderation.models import Report
from tests.comments.factories import DiscussedProposalFactory
from tests.factories import MunicipalityFactory, UserFactory, moderator_of


def test_seeds_skip_without_proposals(app):
    comments_seed.seed({"logins": []})
    moderation_seed.seed({"logins": []})
    assert db.session.query(Comment).count() == 0


def test_seeds_are_idempotent_and_fill_the_queue(app):
    here = MunicipalityFactory()
    for _ in range(4):
        DiscussedProposalFactory(municipalities=[here])
    for _ in range(12):
        UserFactory()
    moderator_of(here)
    for _ in range(2):
        comments_seed.seed({"logins": []})
        moderation_seed.seed({"logins": []})
    comments = db.session.query(Comment).all()
    assert len(comments) > 20
    assert {c.depth for c in comments} == {1, 2, 3}
    assert any(c.stance for c in comments)
    assert len([c for c in comments if c.hidden_at is not None]) == 1
    assert db.session.query(Report).filter(Report.resolved_at.is_(None)).count() >= 3
    count = len(comments)
    comments_seed.seed({"logins": []})
    assert db.session.query(Comment).count() == count
