"""Reports, the threshold, each moderator action with its audit entry, blocks."""

from datetime import timedelta

import pytest

from participation.audit.models import AuditEntry
from participation.comments import services as comments
from participation.comments.models import Thread
from participation.common.models import utcnow
from participation.extensions import db
from participation.moderation import services
from participation.moderation.blocks import is_posting_blocked
from participation.moderation.items import comment_item, proposal_item
from participation.moderation.models import Report, ReportReason, ReportResolution
from participation.notifications.models import Event
from tests.comments.factories import DiscussedProposalFactory, add_comment
from tests.factories import MunicipalityFactory, UserFactory, administrator, moderator_of
from tests.moderation.factories import PostingBlockFactory, established_user


def _report_times(item, n, reason=ReportReason.SPAM):
    for _ in range(n):
        services.report(established_user(), item, reason)


def test_report_once_and_not_ones_own(app):
    proposal = DiscussedProposalFactory()
    author, reader = UserFactory(), UserFactory()
    comment = add_comment(proposal, author=author)
    item = comment_item(comment)
    services.report(reader, item, ReportReason.OFFENSIVE, "Urážlivé")
    with pytest.raises(services.ModerationRefused):
        services.report(reader, item, ReportReason.SPAM)
    with pytest.raises(services.ModerationRefused):
        services.report(author, item, ReportReason.SPAM)
    assert db.session.query(Report).count() == 1
    event = db.session.query(Event).filter_by(kind="report.created").one()
    assert event.actor_id is None  # the reporter stays anonymous to followers


def test_threshold_hides_until_reviewed(app):
    app.config["SPOLU_REPORT_HIDE_THRESHOLD"] = 2
    try:
        proposal = DiscussedProposalFactory()
        comment = add_comment(proposal)
        _report_times(comment_item(comment), 1)
        assert comment.hidden_at is None
        _report_times(comment_item(comment), 1, ReportReason.OFFENSIVE)
        db.session.refresh(comment)
        assert comment.hidden_at is not None and comment.hidden_by_id is None
        entry = db.session.query(AuditEntry).filter_by(action="comment.auto_hide").one()
        assert entry.municipality_id == proposal.municipalities[0].id
        assert db.session.query(Event).filter_by(kind="item.hidden").count() == 1
    finally:
        app.config.pop("SPOLU_REPORT_HIDE_THRESHOLD")


def test_default_threshold_is_three_and_applies_to_proposals(app):
    proposal = DiscussedProposalFactory()
    _report_times(proposal_item(proposal), 2)
    assert proposal.hidden_at is None
    _report_times(proposal_item(proposal), 1)
    db.session.refresh(proposal)
    assert proposal.hidden_at is not None and proposal.hidden_by_id is None


def test_hide_tells_the_author_and_audits(app):
    proposal = DiscussedProposalFactory()
    comment = add_comment(proposal, body="Sprosté")
    moderator = moderator_of(proposal.municipalities[0])
    _report_times(comment_item(comment), 1)
    services.hide(moderator, comment_item(comment), ReportReason.OFFENSIVE, "Vulgární výrazy")
    assert comment.hidden_by_id == moderator.id and comment.hidden_reason == "Vulgární výrazy"
    assert comment.hidden_reason_code == "offensive"
    entry = db.session.query(AuditEntry).filter_by(action="comment.hide").one()
    assert entry.actor_id == moderator.id and entry.reason == "Vulgární výrazy"
    assert entry.details["reason_code"] == "offensive"
    assert entry.municipality_id == proposal.municipalities[0].id
    assert entry.target_user_id == comment.author_id
    event = db.session.query(Event).filter_by(kind="item.hidden").one()
    assert event.payload["author_id"] == comment.author_id and event.payload["reason"] == "Vulgární výrazy"
    assert db.session.query(Report).one().resolution == ReportResolution.HIDDEN
    with pytest.raises(services.ModerationRefused):
        services.hide(moderator, comment_item(comment), ReportReason.SPAM)


def test_hide_a_proposal_sets_its_columns(app):
    proposal = DiscussedProposalFactory()
    moderator = moderator_of(proposal.municipalities[0])
    services.hide(moderator, proposal_item(proposal), ReportReason.SPAM)
    assert proposal.hidden_at is not None and proposal.hidden_by_id == moderator.id
    assert proposal.hidden_reason  # the reason's label when no explanation is given
    assert db.session.query(AuditEntry).filter_by(action="proposal.hide").count() == 1


def test_unhide_restores_and_audits(app):
    proposal = DiscussedProposalFactory()
    comment = add_comment(proposal)
    moderator = moderator_of(proposal.municipalities[0])
    services.hide(moderator, comment_item(comment), ReportReason.OFF_TOPIC, "")
    services.unhide(moderator, comment_item(comment), "Omyl")
    assert comment.hidden_at is None and comment.hidden_reason == ""
    assert db.session.query(AuditEntry).filter_by(action="comment.unhide").one().reason == "Omyl"
    with pytest.raises(services.ModerationRefused):
        services.unhide(moderator, comment_item(comment))


def test_dismiss_closes_reports_and_ends_automatic_hiding(app):
    proposal = DiscussedProposalFactory()
    comment = add_comment(proposal)
    moderator = moderator_of(proposal.municipalities[0])
    _report_times(comment_item(comment), 3)
    assert comment_item(comment).hidden_automatically
    services.dismiss(moderator, comment_item(comment), "V pořádku")
    db.session.refresh(comment)
    assert comment.hidden_at is None
    assert {r.resolution for r in db.session.query(Report)} == {ReportResolution.DISMISSED}
    entry = db.session.query(AuditEntry).filter_by(action="comment.dismiss_reports").one()
    assert entry.details["reports_resolved"] == 3 and entry.details["unhidden"] is True
    with pytest.raises(services.ModerationRefused):
        services.dismiss(moderator, comment_item(comment))


def test_new_reports_after_dismissal_count_afresh(app):
    proposal = DiscussedProposalFactory()
    comment = add_comment(proposal)
    moderator = moderator_of(proposal.municipalities[0])
    _report_times(comment_item(comment), 2)
    services.dismiss(moderator, comment_item(comment))
    _report_times(comment_item(comment), 2)
    assert comment.hidden_at is None
    _report_times(comment_item(comment), 1)
    assert comment.hidden_at is not None


def test_block_in_a_municipality_and_everywhere(app):
    here, elsewhere = MunicipalityFactory(), MunicipalityFactory()
    user = UserFactory()
    moderator = moderator_of(here)
    services.block_user(moderator, user, here.id, 7, "Spam")
    assert is_posting_blocked(user, [here.id])
    assert not is_posting_blocked(user, [elsewhere.id])
    entry = db.session.query(AuditEntry).filter_by(action="user.block").one()
    assert entry.municipality_id == here.id and entry.target_user_id == user.id
    admin = administrator()
    services.block_user(admin, user, None, 1, "Všude")
    assert is_posting_blocked(user, [elsewhere.id]) and is_posting_blocked(user, [])
    with pytest.raises(services.ModerationRefused):
        services.block_user(moderator, user, here.id, 5, "Divná délka")
    with pytest.raises(services.ModerationRefused):
        services.block_user(moderator, moderator, here.id, 7, "Sám sebe")


def test_expired_and_lifted_blocks_do_not_apply(app):
    here = MunicipalityFactory()
    expired = PostingBlockFactory(municipality=here, ends_at=utcnow() - timedelta(minutes=1))
    assert not is_posting_blocked(expired.user, [here.id])
    block = PostingBlockFactory(municipality=here)
    assert is_posting_blocked(block.user, [here.id])
    services.lift_block(administrator(), block, "Dohoda")
    assert not is_posting_blocked(block.user, [here.id])
    assert db.session.query(AuditEntry).filter_by(action="user.unblock").count() == 1


def test_blocked_user_cannot_comment_there(app):
    proposal = DiscussedProposalFactory()
    block = PostingBlockFactory(municipality=proposal.municipalities[0])
    thread = db.session.get(Thread, proposal.thread_id)
    with pytest.raises(comments.CommentRefused):
        comments.create_comment(block.user, thread, "Zase já")
    other = DiscussedProposalFactory()
    comments.create_comment(block.user, db.session.get(Thread, other.thread_id), "Jinde smím")


def test_audit_municipality_prefers_the_actors_own(app):
    first, second = MunicipalityFactory(), MunicipalityFactory()
    proposal = DiscussedProposalFactory(municipalities=[first, second])
    moderator = moderator_of(second)
    services.hide(moderator, proposal_item(proposal), ReportReason.SPAM)
    assert db.session.query(AuditEntry).one().municipality_id == second.id
