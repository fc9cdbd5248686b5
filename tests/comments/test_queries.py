"""The discussion adds a fixed number of queries to a page, whatever its size."""

from participation.comments.models import Comment, Stance
from participation.common.models import utcnow
from participation.extensions import db
from tests.comments.factories import DiscussedProposalFactory
from tests.factories import UserFactory, moderator_of


def _fill(proposal, count: int, authors) -> None:
    """`count` comments: a third top-level, the rest replies two levels deep."""
    rows = []
    now = utcnow()
    for n in range(count):
        rows.append(Comment(thread_id=proposal.thread_id, author_id=authors[n % len(authors)].id,
                            body=f"Komentář {n}", stance=list(Stance)[n % 3], created_at=now, updated_at=now))
    db.session.add_all(rows)
    db.session.flush()
    tops = []
    for n, comment in enumerate(rows):
        if n % 3 == 0 or not tops:
            comment.depth, comment.root_id, comment.path = 1, comment.id, f"{comment.id:010d}"
            tops.append(comment)
            parent = comment
        else:
            parent = rows[n - 1] if rows[n - 1].depth < 3 else tops[-1]
            comment.parent_id, comment.depth, comment.root_id = parent.id, parent.depth + 1, parent.root_id
            comment.path = f"{parent.path}/{comment.id:010d}"
    if count:
        rows[1].hidden_at = now
    db.session.commit()


def _queries(count_queries, render_section, proposal, user):
    db.session.expire_all()  # both renders start from the same cold session
    with count_queries() as counter:
        html = render_section(proposal, user)
    return counter["n"], html


def test_section_queries_do_not_grow_with_comments(app, count_queries, render_section):
    authors = [UserFactory() for _ in range(5)]
    small, large = DiscussedProposalFactory(), DiscussedProposalFactory()
    _fill(small, 5, authors)
    _fill(large, 500, authors)
    moderator = moderator_of(large.municipalities[0])
    for viewer in (None, authors[0], moderator):
        small_n, _html = _queries(count_queries, render_section, small, viewer)
        large_n, html = _queries(count_queries, render_section, large, viewer)
        assert small_n == large_n, (viewer, small_n, large_n)
        assert large_n <= 11  # incl. reloading the proposal, viewer and roles, and the page's marks (filed at the office)
        assert html.count('class="comment depth-1"') == 20  # one page, never all 500
        assert "Komentář 499" not in html
