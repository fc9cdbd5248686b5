"""Abuse that costs something: who may report, what hides automatically, blocks that hold, who may block whom."""

from datetime import timedelta

import pytest

from participation.accounts.models import RoleKind
from participation.audit.models import AuditEntry
from participation.comments.models import Comment
from participation.common.models import utcnow
from participation.extensions import db
from participation.moderation import services
from participation.moderation.items import comment_item, proposal_item
from participation.moderation.models import PostingBlock, Report, ReportReason
from participation.permissions import moderation as rules
from tests.comments.factories import DiscussedProposalFactory, add_comment
from tests.factories import MunicipalityFactory, RoleFactory, UserFactory, administrator, moderator_of
from tests.moderation.factories import established_user

EN = {"Accept-Language": "en"}


def _report_with(users, item):
    for user in users:
        services.report(user, item, ReportReason.SPAM)


# --- who may report -----------------------------------------------------------------------------

def test_an_unconfirmed_account_cannot_report(client, login):
    proposal = DiscussedProposalFactory()
    unconfirmed = UserFactory(email_confirmed_at=None, locale="en")
    login(unconfirmed)
    response = client.post(f"/nahlasit/podnet/{proposal.id}", data={"reason": "spam"}, headers=EN,
                           follow_redirects=True)
    assert "Confirm your email address first" in response.get_data(as_text=True)
    assert db.session.query(Report).count() == 0
    assert not rules.can_report(unconfirmed, proposal)


def test_a_blocked_account_cannot_report_where_it_is_blocked(client, login):
    here = MunicipalityFactory()
    proposal = DiscussedProposalFactory(municipalities=[here])
    blocked = UserFactory(locale="en")
    services.block_user(administrator(), blocked, here.id, 7, "Urážky")
    login(blocked)
    response = client.post(f"/nahlasit/podnet/{proposal.id}", data={"reason": "spam"}, headers=EN,
                           follow_redirects=True)
    assert "blocked from posting here" in response.get_data(as_text=True)
    assert db.session.query(Report).count() == 0
    with pytest.raises(services.ModerationRefused):
        services.report(blocked, proposal_item(proposal), ReportReason.SPAM)
    elsewhere = DiscussedProposalFactory(municipalities=[MunicipalityFactory()])
    assert rules.can_report(blocked, proposal_item(elsewhere))  # a block holds where it was set


def test_the_report_link_is_not_offered_to_an_unconfirmed_account(client, login):
    proposal = DiscussedProposalFactory()
    login(UserFactory(email_confirmed_at=None))
    assert f"/nahlasit/podnet/{proposal.id}" not in client.get(f"/podnety/{proposal.id}").get_data(as_text=True)
    login(UserFactory())
    assert f"/nahlasit/podnet/{proposal.id}" in client.get(f"/podnety/{proposal.id}").get_data(as_text=True)


# --- automatic hiding ---------------------------------------------------------------------------

def test_three_throwaway_accounts_cannot_hide_a_proposal(app):
    proposal = DiscussedProposalFactory()
    _report_with([UserFactory() for _ in range(3)], proposal_item(proposal))  # made today
    db.session.refresh(proposal)
    assert proposal.hidden_at is None
    assert db.session.query(Report).count() == 3  # moderators still see every report


def test_reports_from_established_accounts_hide_automatically(app):
    proposal = DiscussedProposalFactory()
    _report_with([established_user() for _ in range(2)] + [UserFactory()], proposal_item(proposal))
    db.session.refresh(proposal)
    assert proposal.hidden_at is None  # only two established reporters
    services.report(established_user(), proposal_item(proposal), ReportReason.SPAM)
    db.session.refresh(proposal)
    assert proposal.hidden_at is not None and proposal.hidden_by_id is None
    entry = db.session.query(AuditEntry).filter_by(action="proposal.auto_hide").one()
    assert entry.actor_id is None and entry.details["reports"] == 3


def test_the_minimum_account_age_is_a_setting(app):
    app.config["SPOLU_REPORT_MIN_ACCOUNT_AGE_DAYS"] = 0
    proposal = DiscussedProposalFactory()
    _report_with([UserFactory() for _ in range(3)], proposal_item(proposal))
    db.session.refresh(proposal)
    assert proposal.hidden_at is not None


def test_an_old_but_deactivated_account_does_not_count(app):
    proposal = DiscussedProposalFactory()
    reporters = [established_user() for _ in range(3)]
    _report_with(reporters[:2], proposal_item(proposal))
    reporters[2].is_active_account = False
    db.session.commit()
    services.report(reporters[2], proposal_item(proposal), ReportReason.SPAM)
    db.session.refresh(proposal)
    assert proposal.hidden_at is None


def test_an_automatic_hiding_is_labelled_as_automatic_not_as_a_moderator(client, login):
    proposal = DiscussedProposalFactory()
    _report_with([established_user() for _ in range(3)], proposal_item(proposal))
    visitor_page = client.get(f"/podnety/{proposal.id}", headers=EN).get_data(as_text=True)
    assert "Hidden automatically until a moderator decides" in visitor_page
    assert "Hidden by a moderator" not in visitor_page
    proposal.author.locale = "en"
    db.session.commit()
    login(proposal.author)
    author_page = client.get(f"/podnety/{proposal.id}", headers=EN).get_data(as_text=True)
    assert "Hidden automatically until a moderator decides" in author_page
    assert "Hidden by a moderator" not in author_page
    mine = client.get("/muj-spolu", headers=EN).get_data(as_text=True)
    assert "Hidden automatically until a moderator decides" in mine and "Hidden by a moderator" not in mine
    services.hide(moderator_of(proposal.municipalities[0]), proposal_item(proposal), ReportReason.SPAM, "Reklama")
    decided = client.get(f"/podnety/{proposal.id}", headers=EN).get_data(as_text=True)
    assert "Hidden by a moderator: Reklama" in decided


# --- blocks hold for edits too ------------------------------------------------------------------

def test_a_posting_block_stops_editing_ones_comments(client, login):
    here = MunicipalityFactory()
    proposal = DiscussedProposalFactory(municipalities=[here])
    author = UserFactory(locale="en")
    comment = add_comment(proposal, author=author, body="Původní text")
    services.block_user(administrator(), author, here.id, 7, "Urážky")
    login(author)
    prefix = f"e{comment.id}"
    response = client.post(f"/komentare/{comment.id}/upravit", data={f"{prefix}-body": "Nová urážka"},
                           headers=EN, follow_redirects=True)
    assert "stopped you from posting" in response.get_data(as_text=True)
    assert db.session.get(Comment, comment.id).body == "Původní text"
    htmx = client.post(f"/komentare/{comment.id}/upravit", data={f"{prefix}-body": "Nová urážka"},
                       headers={**EN, "HX-Request": "true"})
    assert "stopped you from posting" in htmx.get_data(as_text=True)
    assert db.session.get(Comment, comment.id).body == "Původní text"
    assert client.get(f"/komentare/{comment.id}/upravit", headers=EN).status_code == 303


def test_a_lifted_block_lets_the_author_edit_again(client, login):
    here = MunicipalityFactory()
    proposal = DiscussedProposalFactory(municipalities=[here])
    author = UserFactory()
    comment = add_comment(proposal, author=author, body="Původní text")
    block = services.block_user(administrator(), author, here.id, 7, "Urážky")
    block.ends_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    login(author)
    response = client.post(f"/komentare/{comment.id}/upravit", data={f"e{comment.id}-body": "Opravený text"})
    assert response.status_code == 303
    assert db.session.get(Comment, comment.id).body == "Opravený text"


# --- who may block whom -------------------------------------------------------------------------

def test_a_moderator_cannot_block_a_moderator_of_the_same_municipality(client, login):
    here = MunicipalityFactory()
    moderator, colleague = moderator_of(here, locale="en"), moderator_of(here)
    login(moderator)
    response = client.post(f"/moderace/uzivatele/{colleague.id}/zablokovat",
                           data={"municipality": str(here.id), "days": "7", "reason": "Spor"}, headers=EN)
    assert response.status_code == 422
    assert "cannot block an administrator" in response.get_data(as_text=True)
    assert db.session.query(PostingBlock).count() == 0
    assert db.session.query(AuditEntry).filter_by(action="user.block").count() == 0


def test_a_moderator_cannot_block_an_administrator(app):
    here = MunicipalityFactory()
    moderator, admin = moderator_of(here), administrator(home_municipality=here)
    with pytest.raises(services.ModerationRefused):
        services.block_user(moderator, admin, here.id, 7, "Spor")
    regional = UserFactory(home_municipality=here)
    RoleFactory(user=regional, kind=RoleKind.ADMINISTRATOR, region=here.region)
    with pytest.raises(services.ModerationRefused):
        services.block_user(moderator, regional, here.id, 7, "Spor")
    assert db.session.query(PostingBlock).count() == 0


def test_a_moderator_may_block_a_moderator_of_another_municipality_here(app):
    here, there = MunicipalityFactory(), MunicipalityFactory()
    moderator, other = moderator_of(here), moderator_of(there)
    services.block_user(moderator, other, here.id, 7, "Urážky v diskusi")
    assert db.session.query(PostingBlock).one().user_id == other.id


def test_an_administrator_may_block_a_moderator_but_not_another_administrator(app):
    here = MunicipalityFactory()
    admin, moderator = administrator(), moderator_of(here)
    services.block_user(admin, moderator, None, 7, "Zneužití role")
    entry = db.session.query(AuditEntry).filter_by(action="user.block").one()
    assert entry.actor_id == admin.id and entry.target_user_id == moderator.id
    with pytest.raises(services.ModerationRefused):
        services.block_user(admin, administrator(), None, 7, "Spor")


def test_every_moderator_action_leaves_an_audit_entry(app):
    here = MunicipalityFactory()
    moderator = moderator_of(here)
    proposal = DiscussedProposalFactory(municipalities=[here])
    comment = add_comment(proposal)
    services.report(established_user(), comment_item(comment), ReportReason.SPAM)
    services.hide(moderator, comment_item(comment), ReportReason.SPAM, "")
    services.unhide(moderator, comment_item(comment), "Omyl")
    services.report(established_user(), comment_item(comment), ReportReason.SPAM)
    services.dismiss(moderator, comment_item(comment), "V pořádku")
    block = services.block_user(moderator, UserFactory(), here.id, 1, "Spam")
    services.lift_block(moderator, block, "Domluveno")
    actions = [e.action for e in db.session.query(AuditEntry).filter_by(actor_id=moderator.id)]
    assert set(actions) == {"comment.hide", "comment.unhide", "comment.dismiss_reports", "user.block", "user.unblock"}


def test_the_block_link_is_offered_only_where_the_rule_allows(client, login):
    here = MunicipalityFactory()
    moderator, colleague = moderator_of(here), moderator_of(here)
    proposal = DiscussedProposalFactory(municipalities=[here])
    by_colleague = add_comment(proposal, author=colleague)
    by_resident = add_comment(proposal, author=UserFactory())
    services.report(established_user(), comment_item(by_colleague), ReportReason.SPAM)
    services.report(established_user(), comment_item(by_resident), ReportReason.SPAM)
    login(moderator)
    assert f"/moderace/uzivatele/{colleague.id}/zablokovat" not in client.get(
        f"/moderace/komentare/{by_colleague.id}").get_data(as_text=True)
    assert f"/moderace/uzivatele/{by_resident.author_id}/zablokovat" in client.get(
        f"/moderace/komentare/{by_resident.id}").get_data(as_text=True)


def test_the_comment_report_link_is_not_offered_to_an_unconfirmed_account(client, login):
    proposal = DiscussedProposalFactory()
    comment = add_comment(proposal)
    login(UserFactory(email_confirmed_at=None))
    assert f"/nahlasit/komentar/{comment.id}" not in client.get(f"/podnety/{proposal.id}").get_data(as_text=True)
    login(UserFactory())
    assert f"/nahlasit/komentar/{comment.id}" in client.get(f"/podnety/{proposal.id}").get_data(as_text=True)
