"""Factories for discussions: proposals (created directly), threads and comments."""

import factory

from participation.comments.models import Comment, Thread
from participation.common.models import utcnow
from participation.extensions import db
from participation.proposals.models import Category, Proposal, ProposalStatus
from tests.factories import BaseFactory, UserFactory, assigned_list, one_new_municipality


class ThreadFactory(BaseFactory):
    class Meta:
        model = Thread

    subject_type = "proposal"


class DiscussedProposalFactory(BaseFactory):
    """A published proposal with a thread, touching the given municipalities."""

    class Meta:
        model = Proposal

    title = factory.Sequence(lambda n: f"Společný problém {n}")
    body = "Popis problému."
    search_text = "popis problemu"
    category = Category.TRANSPORT
    status = ProposalStatus.PUBLISHED
    published_at = factory.LazyFunction(utcnow)
    author = factory.SubFactory(UserFactory)

    @factory.lazy_attribute
    def thread_id(self):
        return ThreadFactory().id

    municipalities = assigned_list("municipalities", default=one_new_municipality)


def add_comment(proposal_or_thread_id, author=None, body="Souhlasím.", parent=None, stance=None,
                **fields) -> Comment:
    """A comment placed correctly in its thread, without going through the service rules."""
    thread_id = getattr(proposal_or_thread_id, "thread_id", proposal_or_thread_id)
    comment = Comment(thread_id=thread_id, author=author or UserFactory(), body=body, stance=stance,
                      parent_id=parent.id if parent else None, **fields)
    db.session.add(comment)
    db.session.flush()
    if parent is None:
        comment.depth, comment.root_id, comment.path = 1, comment.id, f"{comment.id:010d}"
    else:
        comment.depth = parent.depth + 1
        comment.root_id = parent.root_id
        comment.path = f"{parent.path}/{comment.id:010d}"
    db.session.commit()
    return comment
