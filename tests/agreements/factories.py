"""Factories for agreements, and plain proposals until the proposals domain ships its own."""

import factory

from participation.agreements.models import Agreement, AgreementKind, AgreementStatus
from participation.comments.models import Thread
from participation.common.models import utcnow
from participation.common.text import fold
from participation.extensions import db
from participation.proposals.models import Category, Proposal, ProposalStatus
from tests.factories import BaseFactory


class ProposalFactory(BaseFactory):
    class Meta:
        model = Proposal

    title = factory.Sequence(lambda n: f"Společný problém {n}")
    body = "Popis problému."
    search_text = factory.LazyAttribute(lambda p: fold(p.title))
    category = Category.BROADBAND
    status = ProposalStatus.PUBLISHED
    published_at = factory.LazyFunction(utcnow)

    @factory.post_generation
    def municipalities(self, create, extracted, **kwargs):
        if extracted:
            self.municipalities = list(extracted)
            db.session.commit()


class AgreementFactory(BaseFactory):
    class Meta:
        model = Agreement

    title = factory.Sequence(lambda n: f"Memorandum o spolupráci {n}")
    search_title = factory.LazyAttribute(lambda a: fold(a.title))
    kind = AgreementKind.MEMORANDUM
    status = AgreementStatus.SIGNED
    thread = factory.LazyFunction(lambda: Thread(subject_type="agreement"))

    @factory.post_generation
    def municipalities(self, create, extracted, **kwargs):
        if extracted:
            self.municipalities = list(extracted)
            db.session.commit()

    @factory.post_generation
    def groupings(self, create, extracted, **kwargs):
        if extracted:
            self.groupings = list(extracted)
            db.session.commit()
