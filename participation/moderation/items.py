"""A moderatable item: a proposal or a comment, seen the same way by the queue."""

from dataclasses import dataclass

from sqlalchemy import select

from participation.comments.models import Comment
from participation.comments.subjects import Subject, describe_thread
from participation.extensions import db
from participation.proposals.models import Proposal, proposal_municipality

KINDS = ("proposal", "comment")


@dataclass
class Item:
    kind: str
    obj: Proposal | Comment
    municipality_ids: frozenset[int]
    grouping_id: int | None
    # For a comment: what its thread belongs to (title and link).
    subject: Subject | None = None

    @property
    def id(self) -> int:
        return self.obj.id

    @property
    def author_id(self) -> int | None:
        return self.obj.author_id

    @property
    def is_hidden(self) -> bool:
        return self.obj.hidden_at is not None

    @property
    def hidden_automatically(self) -> bool:
        return self.is_hidden and self.obj.hidden_by_id is None

    @property
    def title(self) -> str:
        if self.kind == "proposal":
            return self.obj.title
        return self.subject.title if self.subject else ""

    @property
    def url(self) -> str:
        from participation.comments.subjects import endpoint_url

        if self.kind == "proposal":
            return endpoint_url("proposals.detail", f"/podnety/{self.obj.id}", proposal_id=self.obj.id)
        base = self.subject.url if self.subject else "/"
        return f"{base}#comment-{self.obj.id}"


def proposal_item(proposal: Proposal) -> Item:
    ids = frozenset(db.session.scalars(
        select(proposal_municipality.c.municipality_id).where(proposal_municipality.c.proposal_id == proposal.id)
    ))
    return Item("proposal", proposal, ids, proposal.grouping_id)


def comment_item(comment: Comment, subject: Subject | None = None) -> Item:
    subject = subject or describe_thread(comment.thread_id)
    if subject is None:
        return Item("comment", comment, frozenset(), None)
    return Item("comment", comment, subject.municipality_ids, subject.grouping_id, subject)


def load_item(kind: str, item_id: int) -> Item | None:
    if kind == "proposal":
        proposal = db.session.get(Proposal, item_id)
        return proposal_item(proposal) if proposal is not None else None
    if kind == "comment":
        comment = db.session.get(Comment, item_id)
        return comment_item(comment) if comment is not None else None
    return None
