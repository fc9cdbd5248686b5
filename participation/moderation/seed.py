"""Demo moderation: a few open reports and one comment hidden by a moderator."""

from sqlalchemy import select

from participation.accounts.models import Role, RoleKind, User
from participation.comments.models import Comment
from participation.extensions import db
from participation.moderation import services
from participation.moderation.items import comment_item
from participation.moderation.models import Report, ReportReason

RUDE = "Tohle je úplná blbost, kdo tohle vymyslel, ať se jde vycpat. Radní jsou stejně všichni zloději."
SPAM = "Levné půjčky bez registru! Volejte 777 000 000, vyřízení do hodiny."


def _moderator_for(municipality_ids) -> User | None:
    return db.session.scalar(
        select(User).join(Role, Role.user_id == User.id)
        .where(Role.kind == RoleKind.MODERATOR, Role.municipality_id.in_(list(municipality_ids)))
        .order_by(User.id).limit(1)
    ) or db.session.scalar(
        select(User).join(Role, Role.user_id == User.id)
        .where(Role.kind == RoleKind.ADMINISTRATOR, Role.region_id.is_(None)).order_by(User.id).limit(1)
    )


def _reply(parent: Comment, author: User, text: str) -> Comment:
    comment = Comment(thread_id=parent.thread_id, author_id=author.id, body=text,
                      parent_id=parent.id, depth=parent.depth + 1, root_id=parent.root_id)
    db.session.add(comment)
    db.session.flush()
    comment.path = f"{parent.path}/{comment.id:010d}"
    db.session.commit()
    return comment


def seed(context: dict) -> None:
    """Reports on demo comments (once), so that a moderator's queue is not empty."""
    if db.session.scalar(select(Report.id).limit(1)) is not None:
        return  # already seeded
    tops = db.session.scalars(
        select(Comment).where(Comment.depth == 1, Comment.hidden_at.is_(None)).order_by(Comment.id).limit(6)
    ).all()
    residents = db.session.scalars(
        select(User).where(~select(Role.id).where(Role.user_id == User.id).exists(), User.deleted_at.is_(None))
        .order_by(User.id.desc()).limit(10)
    ).all()
    if len(tops) < 3 or len(residents) < 4:
        return
    rude = _reply(tops[0], residents[0], RUDE)
    spam = _reply(tops[1], residents[1], SPAM)
    # Two open reports on the rude reply (below the threshold of 3), one on the spam.
    services.report(residents[2], comment_item(rude), ReportReason.OFFENSIVE, "Urážky zastupitelů.")
    services.report(residents[3], comment_item(rude), ReportReason.OFFENSIVE)
    services.report(residents[2], comment_item(spam), ReportReason.SPAM, "Reklama na půjčky.")
    # An ordinary comment reported as off topic: a moderator will probably dismiss it.
    if tops[2].author_id != residents[3].id:
        services.report(residents[3], comment_item(tops[2]), ReportReason.OFF_TOPIC)
    # One comment already hidden by a moderator, with a reason the public sees.
    hidden = _reply(tops[0], residents[1], "Starosta je idiot a měl by skončit ve vězení.")
    item = comment_item(hidden)
    moderator = _moderator_for(item.municipality_ids)
    if moderator is not None:
        services.hide(moderator, item, ReportReason.OFFENSIVE, "Osobní útok na starostu.")
