"""What a notification is about: the item's title, page, visibility and people.

Described in batches (one or two queries per item type, whatever the number
of notifications), so that the notification centre and digests load in a
fixed number of queries. Types whose domain is not built yet describe as
nothing, and notifications about them are shown without a link.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from flask_login import AnonymousUserMixin
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from participation.extensions import db
from participation.follows.targets import target_type, title_of, url_for_target
from participation.permissions import follows as follow_rules
from participation.permissions.scopes import covers_any_municipality, covers_grouping


@dataclass(frozen=True)
class Item:
    subject_type: str
    subject_id: int
    title: str
    url: str | None
    # Seen by everybody (published, not hidden, not a draft).
    public: bool = True
    author_id: int | None = None
    municipality_ids: frozenset[int] = field(default_factory=frozenset)
    grouping_id: int | None = None
    # For a comment: the author of the comment it answers.
    parent_author_id: int | None = None

    def visible_to(self, user) -> bool:
        """May `user` read about this item: public, or theirs, or in their scope."""
        if self.public:
            return True
        if user is None or not getattr(user, "is_authenticated", False):
            return False
        if self.author_id is not None and self.author_id == user.id:
            return True
        return covers_any_municipality(user, self.municipality_ids) or covers_grouping(user, self.grouping_id)


Ref = tuple[str, int]


def item_ref(event) -> Ref:
    """The item a notification links to: the comment for comment events, else the subject."""
    payload = event.payload or {}
    if event.kind in ("comment.created", "comment.reply") and payload.get("comment_id"):
        return ("comment", int(payload["comment_id"]))
    return (event.subject_type, int(event.subject_id))


def related_refs(event) -> set[Ref]:
    """Other items an event's sentence names (a merge's survivor): described in the same batch."""
    payload = event.payload or {}
    if event.kind == "proposal.merged" and isinstance(payload.get("survivor_id"), int):
        return {("proposal", payload["survivor_id"])}
    return set()


def survivor_for(event, items: dict[Ref, Item], viewer) -> Item | None:
    """The proposal a merge kept, if `viewer` may see it; None sends the neutral wording."""
    payload = event.payload or {}
    if event.kind != "proposal.merged" or not isinstance(payload.get("survivor_id"), int):
        return None
    survivor = items.get(("proposal", payload["survivor_id"]))
    return survivor if survivor is not None and survivor.visible_to(viewer) else None


def group_ref(event) -> Ref:
    """What a digest groups under: the commented item for comment events, else the subject."""
    payload = event.payload or {}
    if event.kind == "comment.reply" and payload.get("subject_type") and payload.get("subject_id"):
        return (str(payload["subject_type"]), int(payload["subject_id"]))
    return (event.subject_type, int(event.subject_id))


def _describe_proposals(ids: list[int]) -> dict[Ref, Item]:
    from participation.proposals.models import Proposal, ProposalStatus

    rows = db.session.scalars(
        select(Proposal).where(Proposal.id.in_(ids)).options(selectinload(Proposal.municipalities))
    )
    return {
        ("proposal", p.id): Item(
            subject_type="proposal",
            subject_id=p.id,
            title=p.title,
            url=url_for_target("proposal", p),
            public=p.status != ProposalStatus.DRAFT and p.hidden_at is None,
            author_id=p.author_id,
            municipality_ids=frozenset(m.id for m in p.municipalities),
            grouping_id=p.grouping_id,
        )
        for p in rows
    }


def _describe_comments(ids: list[int]) -> dict[Ref, Item]:
    try:
        from participation.comments.models import Comment
        from participation.comments.subjects import describe_threads
    except ImportError:
        return {}
    parent = db.aliased(Comment)
    rows = db.session.execute(
        select(Comment, parent.author_id).outerjoin(parent, parent.id == Comment.parent_id).where(Comment.id.in_(ids))
    ).all()
    subjects = describe_threads({comment.thread_id for comment, _ in rows})
    result = {}
    for comment, parent_author_id in rows:
        subject = subjects.get(comment.thread_id)
        if subject is None:
            continue
        visible = comment.hidden_at is None and comment.deleted_at is None
        result[("comment", comment.id)] = Item(
            subject_type="comment",
            subject_id=comment.id,
            title=subject.title,
            url=f"{subject.url}#comment-{comment.id}" if subject.url else None,
            public=visible and subject.public,
            author_id=comment.author_id,
            municipality_ids=frozenset(subject.municipality_ids),
            grouping_id=subject.grouping_id,
            parent_author_id=parent_author_id,
        )
    return result


def _describe_users(ids: list[int]) -> dict[Ref, Item]:
    """A person as the subject of an event about them (a block): private to them."""
    from participation.accounts.models import User

    return {
        ("user", user.id): Item(subject_type="user", subject_id=user.id, title=user.display_name, url=None,
                                public=False, author_id=user.id)
        for user in db.session.scalars(select(User).where(User.id.in_(ids)))
    }


def _describe_good_practices(ids: list[int]) -> dict[Ref, Item]:
    """A good-practice write-up: public once published, else only for its writers."""
    from flask import url_for

    from participation.good_practice.models import GoodPractice

    rows = db.session.scalars(
        select(GoodPractice).where(GoodPractice.id.in_(ids)).options(selectinload(GoodPractice.municipalities))
    )
    return {
        ("good_practice", practice.id): Item(
            subject_type="good_practice",
            subject_id=practice.id,
            title=practice.title,
            url=url_for("good_practice.detail", practice_id=practice.id),
            public=practice.is_published,
            author_id=practice.author_id,
            municipality_ids=frozenset(m.id for m in practice.municipalities),
        )
        for practice in rows
    }


def _describe_infrastructure(subject_type: str, ids: list[int]) -> dict[Ref, Item]:
    """Planned works are public; an access request is private to its operator's asker and the municipality."""
    from flask import url_for

    from participation.infrastructure.models import AccessRequest, Asset, PlannedWork

    if subject_type == "planned_work":
        return {("planned_work", work.id): Item(
            subject_type="planned_work", subject_id=work.id, title=work.title,
            url=url_for("infrastructure.work_detail", work_id=work.id), public=True,
            author_id=work.created_by_id, municipality_ids=frozenset({work.municipality_id}))
            for work in db.session.scalars(select(PlannedWork).where(PlannedWork.id.in_(ids)))}
    rows = db.session.execute(select(AccessRequest, Asset.name, Asset.municipality_id)
                              .join(Asset, Asset.id == AccessRequest.asset_id).where(AccessRequest.id.in_(ids)))
    return {("access_request", request.id): Item(
        subject_type="access_request", subject_id=request.id, title=name,
        url=url_for("infrastructure.access_detail", request_id=request.id), public=False,
        author_id=request.requested_by_id, municipality_ids=frozenset({municipality_id}))
        for request, name, municipality_id in rows}
def _describe_advisor_questions(ids: list[int]) -> dict[Ref, Item]:
    """A question to an advisor: its notifications go only to people who may read it (asker, advisor, coordinators)."""
    from flask import url_for

    from participation.advisors.models import AdvisorQuestion

    return {
        ("advisor_question", question.id): Item(
            subject_type="advisor_question", subject_id=question.id, title=question.title,
            url=url_for("advisors.question", advisor_question_id=question.id), public=True,
            author_id=question.asker_id,
            municipality_ids=frozenset({question.municipality_id} if question.municipality_id else ()),
            grouping_id=question.grouping_id)
        for question in db.session.scalars(select(AdvisorQuestion).where(AdvisorQuestion.id.in_(ids)))
    }


def _describe_generic(subject_type: str, ids: list[int]) -> dict[Ref, Item]:
    kind = target_type(subject_type)
    if kind is None:
        return {}
    visitor = AnonymousUserMixin()
    result = {}
    for target in db.session.scalars(select(kind.model).where(kind.model.id.in_(ids))):
        municipalities = getattr(target, "municipalities", None) or []
        if subject_type == "municipality":
            municipality_ids = frozenset({target.id})
        else:
            municipality_ids = frozenset(m.id for m in municipalities)
        author_id = getattr(target, "author_id", None) or getattr(target, "created_by_id", None)
        result[(subject_type, target.id)] = Item(
            subject_type=subject_type,
            subject_id=target.id,
            title=title_of(target),
            url=url_for_target(subject_type, target),
            public=follow_rules.can_see(visitor, target),
            author_id=author_id,
            municipality_ids=municipality_ids,
            grouping_id=target.id if subject_type == "grouping" else getattr(target, "grouping_id", None),
        )
    return result


def describe(refs: Iterable[Ref]) -> dict[Ref, Item]:
    """Items for (type, id) pairs; missing or unknown ones are left out."""
    by_type: dict[str, set[int]] = {}
    for subject_type, subject_id in refs:
        by_type.setdefault(subject_type, set()).add(int(subject_id))
    result: dict[Ref, Item] = {}
    for subject_type, ids in by_type.items():
        ids = sorted(ids)
        if subject_type == "proposal":
            result.update(_describe_proposals(ids))
        elif subject_type == "comment":
            result.update(_describe_comments(ids))
        elif subject_type == "user":
            result.update(_describe_users(ids))
        elif subject_type == "good_practice":
            result.update(_describe_good_practices(ids))
        elif subject_type in ("planned_work", "access_request"):
            result.update(_describe_infrastructure(subject_type, ids))
        elif subject_type == "advisor_question":
            result.update(_describe_advisor_questions(ids))
        else:
            result.update(_describe_generic(subject_type, ids))
    return result


def describe_one(ref: Ref) -> Item | None:
    return describe([ref]).get(ref)
