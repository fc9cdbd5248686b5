"""Factories for agreements, and plain proposals until the proposals domain ships its own."""

import factory

from participation.agreements.models import Agreement, AgreementKind, AgreementStatus
from participation.comments.models import Thread
from participation.common.models import utcnow
from participation.proposals.models import Category, Proposal, ProposalStatus
from tests.factories import BaseFactory, assigned_list, folded


class ProposalFactory(BaseFactory):
    class Meta:
        model = Proposal

    title = factory.Sequence(lambda n: f"Společný problém {n}")
    body = "Popis problému."
    search_text = folded("title")
    category = Category.BROADBAND
    status = ProposalStatus.PUBLISHED
    published_at = factory.LazyFunction(utcnow)

    municipalities = assigned_list("municipalities")


class AgreementFactory(BaseFactory):
    class Meta:
        model = Agreement

    title = factory.Sequence(lambda n: f"Memorandum o spolupráci {n}")
    search_title = folded("title")
    kind = AgreementKind.MEMORANDUM
    status = AgreementStatus.SIGNED
    thread = factory.LazyFunction(lambda: Thread(subject_type="agreement"))

    municipalities = assigned_list("municipalities")
    groupings = assigned_list("groupings")
