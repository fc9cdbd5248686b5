"""Permission rules for comments: pure functions of (user, thing)."""

from participation.permissions import accounts as _accounts
from participation.permissions.scopes import covers_any_municipality, covers_grouping


def _signed_in(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False)
                and not getattr(user, "is_deleted", False))


def can_participate(user) -> bool:
    """Signed in and allowed to take part (the accounts domain may add conditions)."""
    if not _signed_in(user):
        return False
    rule = getattr(_accounts, "can_participate", None)
    return rule(user) if rule is not None else True


def can_comment(user, subject) -> bool:
    """Write a new comment in the discussion of `subject` (a comments.subjects.Subject)."""
    return can_participate(user) and subject is not None and subject.open_for_comments


def can_reply(user, comment, subject) -> bool:
    """Reply to a comment: not to a hidden or deleted one."""
    return can_comment(user, subject) and comment.is_visible


def is_author(user, comment) -> bool:
    return _signed_in(user) and comment.author_id is not None and comment.author_id == user.id


def can_edit(user, comment) -> bool:
    """Authors edit their own comments, unless deleted or hidden by a moderator."""
    return is_author(user, comment) and comment.is_visible


def can_delete(user, comment) -> bool:
    return is_author(user, comment) and not comment.is_deleted


def moderates_subject(user, subject) -> bool:
    """A moderator (or representative) whose scope covers the subject's municipalities."""
    if subject is None or not _signed_in(user):
        return False
    return covers_any_municipality(user, subject.municipality_ids) or (
        subject.grouping_id is not None and covers_grouping(user, subject.grouping_id)
    )


def can_see_hidden_text(user, comment, subject) -> bool:
    """A hidden comment's text: only its author and moderators in scope."""
    return is_author(user, comment) or moderates_subject(user, subject)


def can_view_subject(user, subject) -> bool:
    """The discussion of a subject the public cannot see is closed to them too."""
    if subject is None:
        return False
    return subject.public or (
        _signed_in(user) and subject.author_id == user.id
    ) or moderates_subject(user, subject)
