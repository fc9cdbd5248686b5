"""Every change to comments goes through here: writing, replying, editing, deleting."""

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select, update

from participation.comments.models import MAX_DEPTH, Comment, Stance, Thread
from participation.comments.subjects import Subject, describe_thread, registered_types
from participation.common.models import utcnow
from participation.events.services import record_event
from participation.extensions import db

MAX_BODY_LENGTH = 5000


class CommentRefused(Exception):
    """A rule stopped the change; the message is shown to the user."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def ensure_thread(subject, subject_type: str) -> Thread:
    """The subject's thread, created on first need (safe when two requests race)."""
    if subject.thread_id is not None:
        thread = db.session.get(Thread, subject.thread_id)
        if thread is not None:
            return thread
    thread = Thread(subject_type=subject_type)
    db.session.add(thread)
    db.session.flush()
    model = type(subject)
    result = db.session.execute(
        update(model).where(model.id == subject.id, model.thread_id.is_(None)).values(thread_id=thread.id)
    )
    if result.rowcount == 0:  # another request was first: use its thread
        db.session.rollback()
        db.session.refresh(subject)
        return db.session.get(Thread, subject.thread_id)
    db.session.commit()
    db.session.refresh(subject)
    return thread


def _check_may_post(user, subject: Subject | None) -> None:
    if subject is None or not subject.open_for_comments:
        raise CommentRefused(_l("This discussion is closed."))
    check_not_blocked(user, subject)


def check_not_blocked(user, subject: Subject | None) -> None:
    """A posting block where the discussion's subject is stops writing and editing alike."""
    from participation.moderation.blocks import block_message

    message = block_message(user, subject.municipality_ids if subject is not None else ())
    if message is not None:
        raise CommentRefused(message)


def _place(comment: Comment, parent: Comment | None) -> None:
    """Set depth, root and depth-first path once the comment has its id."""
    if parent is None:
        comment.depth = 1
        comment.root_id = comment.id
        comment.path = f"{comment.id:010d}"
    else:
        comment.depth = parent.depth + 1
        comment.root_id = parent.root_id
        comment.path = f"{parent.path}/{comment.id:010d}"


def _touch_subject(subject: Subject) -> None:
    definition = registered_types().get(subject.subject_type)
    if definition is not None and definition.touch is not None:
        definition.touch(subject.subject_id)


def create_comment(user, thread: Thread, body: str, stance: Stance | None = None,
                   *, subject: Subject | None = None, before_commit=None) -> Comment:
    """A new top-level comment, optionally with a stance.

    `before_commit(comment)` lets a caller add its own rows in the same transaction.
    """
    subject = subject or describe_thread(thread.id)
    _check_may_post(user, subject)
    comment = Comment(thread_id=thread.id, author_id=user.id, body=body.strip(), stance=stance)
    db.session.add(comment)
    db.session.flush()
    _place(comment, None)
    _touch_subject(subject)
    record_event("comment.created", subject.subject_type, subject.subject_id, user,
                 comment_id=comment.id, thread_id=thread.id)
    if before_commit is not None:
        before_commit(comment)
    db.session.commit()
    return comment


def reply_to(user, target: Comment, body: str, *, subject: Subject | None = None) -> Comment:
    """A reply; one to the deepest level becomes a sibling at that level."""
    subject = subject or describe_thread(target.thread_id)
    _check_may_post(user, subject)
    if not target.is_visible:
        raise CommentRefused(_l("You cannot reply to a hidden or deleted comment."))
    parent = target if target.depth < MAX_DEPTH else target.parent
    if parent is None or not parent.is_visible:
        raise CommentRefused(_l("You cannot reply to a hidden or deleted comment."))
    comment = Comment(thread_id=target.thread_id, parent_id=parent.id, author_id=user.id, body=body.strip())
    db.session.add(comment)
    db.session.flush()
    _place(comment, parent)
    _touch_subject(subject)
    record_event("comment.created", subject.subject_type, subject.subject_id, user,
                 comment_id=comment.id, thread_id=target.thread_id)
    if target.author_id and target.author_id != user.id:
        event = record_event("comment.reply", "comment", target.id, user, comment_id=comment.id,
                             parent_author_id=target.author_id)
        # The commented item, for digests that group replies under it.
        event.payload = {**event.payload, "subject_type": subject.subject_type,
                         "subject_id": subject.subject_id}
    db.session.commit()
    return comment


def edit_comment(user, comment: Comment, body: str, stance: Stance | None = None,
                 *, subject: Subject | None = None) -> Comment:
    """The author changes the text; the comment shows when it was edited. Not while blocked from posting."""
    if not comment.is_visible:
        raise CommentRefused(_l("A hidden or deleted comment cannot be edited."))
    check_not_blocked(user, subject or describe_thread(comment.thread_id))
    body = body.strip()
    new_stance = stance if comment.depth == 1 else None
    if body != comment.body or new_stance != comment.stance:
        comment.body = body
        comment.stance = new_stance
        comment.edited_at = utcnow()
        db.session.commit()
    return comment


def delete_comment(user, comment: Comment) -> bool:
    """Delete a comment. Returns True when it left a placeholder (it has replies).

    A comment without replies disappears; one with replies keeps its place, without
    text, so that the replies stay readable. A placeholder left without replies goes too.
    """
    from participation.moderation.models import Report

    has_replies = db.session.scalar(select(Comment.id).where(Comment.parent_id == comment.id).limit(1))
    if has_replies:
        comment.deleted_at = utcnow()
        comment.body = ""
        comment.stance = None
        db.session.commit()
        return True
    parent_id = comment.parent_id
    db.session.execute(delete(Report).where(Report.comment_id == comment.id))
    db.session.delete(comment)
    db.session.flush()
    # Prune placeholders that no longer hold any reply.
    while parent_id is not None:
        parent = db.session.get(Comment, parent_id)
        if parent is None or not parent.is_deleted:
            break
        if db.session.scalar(select(Comment.id).where(Comment.parent_id == parent.id).limit(1)):
            break
        parent_id = parent.parent_id
        db.session.execute(delete(Report).where(Report.comment_id == parent.id))
        db.session.delete(parent)
        db.session.flush()
    db.session.commit()
    return False


def per_page() -> int:
    return int(current_app.config["COMMENTS_PER_PAGE"])


def replies_shown() -> int:
    """How many replies under each top-level comment the discussion shows at once."""
    return int(current_app.config["COMMENTS_REPLIES_SHOWN"])
