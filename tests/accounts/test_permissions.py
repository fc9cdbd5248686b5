"""can_participate and friends for each kind of account."""

from flask_login import AnonymousUserMixin

from participation.accounts.services import delete_account
from participation.permissions import accounts as rules
from tests.factories import UserFactory, administrator


def test_confirmed_active_user_participates(app):
    assert rules.can_participate(UserFactory())


def test_unconfirmed_user_does_not_participate_yet(app):
    user = UserFactory(email_confirmed_at=None)
    assert not rules.can_participate(user)
    assert rules.needs_confirmation(user)


def test_deleted_suspended_and_anonymous_do_not_participate(app):
    deleted = UserFactory()
    delete_account(deleted)
    assert not rules.can_participate(deleted)
    assert not rules.needs_confirmation(deleted)
    assert not rules.can_participate(UserFactory(is_active_account=False))
    assert not rules.can_participate(AnonymousUserMixin())
    assert not rules.can_participate(None)


def test_only_the_person_edits_their_account(app):
    user, other = UserFactory(), UserFactory()
    assert rules.can_edit_account(user, user)
    assert not rules.can_edit_account(other, user)
    assert not rules.can_edit_account(administrator(), user)
    assert not rules.can_edit_account(AnonymousUserMixin(), user)
