"""Rules of the discussion: threading, stances, edit and delete, closed discussions."""

import pytest

from participation.comments import queries, services
from participation.comments.models import Comment, Stance, Thread
from participation.extensions import db
from participation.notifications.models import Event
from participation.proposals.models import ProposalStatus
from tests.comments.factories import DiscussedProposalFactory, add_comment
from tests.factories import UserFactory


def _thread(proposal):
    return db.session.get(Thread, proposal.thread_id)


def test_comment_with_stance_and_counts_ignore_hidden_and_deleted(app):
    proposal = DiscussedProposalFactory()
    alice, bob = UserFactory(), UserFactory()
    services.create_comment(alice, _thread(proposal), "Jsem pro.", Stance.FOR)
    services.create_comment(bob, _thread(proposal), "Jsem proti.", Stance.AGAINST)
    services.create_comment(bob, _thread(proposal), "Nevím.", Stance.NEUTRAL)
    hidden = services.create_comment(bob, _thread(proposal), "Taky pro.", Stance.FOR)
    services.create_comment(alice, _thread(proposal), "Bez postoje.")
    hidden.hidden_at = hidden.created_at
    db.session.commit()
    counts = queries.stance_counts(proposal.thread_id)
    assert (counts["for"], counts["against"], counts["neutral"], counts.total) == (1, 1, 1, 4)


def test_reply_nests_to_three_levels_and_deeper_attaches_to_third(app):
    proposal = DiscussedProposalFactory()
    user = UserFactory()
    top = services.create_comment(user, _thread(proposal), "Úroveň 1")
    second = services.reply_to(user, top, "Úroveň 2")
    third = services.reply_to(user, second, "Úroveň 3")
    fourth = services.reply_to(user, third, "Úroveň 4?")
    assert (top.depth, second.depth, third.depth, fourth.depth) == (1, 2, 3, 3)
    assert fourth.parent_id == second.id
    assert {second.root_id, third.root_id, fourth.root_id} == {top.id}
    assert fourth.path.startswith(second.path + "/")


def test_reply_records_events_for_followers_and_the_parent_author(app):
    proposal = DiscussedProposalFactory()
    author, replier = UserFactory(), UserFactory()
    top = services.create_comment(author, _thread(proposal), "Otázka")
    reply = services.reply_to(replier, top, "Odpověď")
    kinds = [(e.kind, e.subject_type, e.subject_id) for e in db.session.query(Event).order_by(Event.id)]
    assert ("comment.created", "proposal", proposal.id) in kinds
    assert ("comment.reply", "comment", top.id) in kinds
    reply_event = db.session.query(Event).filter_by(kind="comment.reply").one()
    assert reply_event.payload["parent_author_id"] == author.id
    assert reply_event.payload["comment_id"] == reply.id
    assert (reply_event.payload["subject_type"], reply_event.payload["subject_id"]) == ("proposal", proposal.id)
    services.reply_to(author, reply, "Díky")  # replying to someone else's reply notifies them
    services.reply_to(author, top, "Sám sobě")  # not to oneself
    assert db.session.query(Event).filter_by(kind="comment.reply").count() == 2


def test_commenting_updates_the_proposals_activity(app):
    proposal = DiscussedProposalFactory()
    before = proposal.last_activity_at
    services.create_comment(UserFactory(), _thread(proposal), "Aktivita")
    db.session.refresh(proposal)
    assert proposal.last_activity_at >= before


@pytest.mark.parametrize("state", ["hidden", "deleted"])
def test_reply_to_hidden_or_deleted_comment_is_refused(app, state):
    proposal = DiscussedProposalFactory()
    user = UserFactory()
    top = services.create_comment(user, _thread(proposal), "Text")
    services.reply_to(user, top, "Odpověď")
    if state == "hidden":
        top.hidden_at = top.created_at
        db.session.commit()
    else:
        assert services.delete_comment(user, top) is True
    with pytest.raises(services.CommentRefused):
        services.reply_to(UserFactory(), top, "Ještě?")
    assert db.session.query(Comment).count() == 2


@pytest.mark.parametrize("status", [ProposalStatus.DRAFT, ProposalStatus.WITHDRAWN, ProposalStatus.MERGED])
def test_closed_or_unpublished_proposals_take_no_comments(app, status):
    proposal = DiscussedProposalFactory(status=status)
    with pytest.raises(services.CommentRefused):
        services.create_comment(UserFactory(), _thread(proposal), "Text")
    assert db.session.query(Comment).count() == 0


def test_hidden_proposal_takes_no_comments(app):
    proposal = DiscussedProposalFactory()
    proposal.hidden_at = proposal.created_at
    db.session.commit()
    with pytest.raises(services.CommentRefused):
        services.create_comment(UserFactory(), _thread(proposal), "Text")


def test_edit_marks_the_comment_edited_with_time(app):
    proposal = DiscussedProposalFactory()
    user = UserFactory()
    comment = services.create_comment(user, _thread(proposal), "Původní", Stance.FOR)
    assert comment.edited_at is None
    services.edit_comment(user, comment, "Opravený", Stance.AGAINST)
    assert comment.body == "Opravený" and comment.stance == Stance.AGAINST
    assert comment.edited_at is not None
    first_edit = comment.edited_at
    services.edit_comment(user, comment, "Opravený", Stance.AGAINST)  # no change, no new mark
    assert comment.edited_at == first_edit


def test_delete_without_replies_removes_and_with_replies_leaves_a_placeholder(app):
    proposal = DiscussedProposalFactory()
    user, other = UserFactory(), UserFactory()
    lonely = services.create_comment(user, _thread(proposal), "Sám")
    assert services.delete_comment(user, lonely) is False
    assert db.session.get(Comment, lonely.id) is None

    top = services.create_comment(user, _thread(proposal), "Tajné sdělení", Stance.FOR)
    reply = services.reply_to(other, top, "Odpověď")
    assert services.delete_comment(user, top) is True
    db.session.refresh(top)
    assert top.is_deleted and top.body == "" and top.stance is None
    assert queries.stance_counts(proposal.thread_id).total == 1
    # Once its last reply goes, the placeholder goes too.
    services.delete_comment(other, reply)
    assert db.session.query(Comment).count() == 0


def test_ensure_thread_creates_one_thread_once(app):
    proposal = DiscussedProposalFactory()
    proposal.thread_id = None
    db.session.commit()
    first = services.ensure_thread(proposal, "proposal")
    second = services.ensure_thread(proposal, "proposal")
    assert first.id == second.id == proposal.thread_id


def test_visible_comment_counts_for_lists(app):
    one, two = DiscussedProposalFactory(), DiscussedProposalFactory()
    add_comment(one)
    add_comment(one)
    hidden = add_comment(two)
    hidden.hidden_at = hidden.created_at
    db.session.commit()
    counts = queries.visible_comment_counts([one.thread_id, two.thread_id])
    assert counts.get(one.thread_id) == 2 and counts.get(two.thread_id, 0) == 0
