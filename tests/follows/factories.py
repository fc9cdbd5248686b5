"""Factories the follows and notifications tests share (proposals built directly,
so that these tests do not depend on the proposals domain's own factories)."""

import factory

from participation.common.models import utcnow
from participation.follows.models import Follow
from participation.proposals.models import Category, Proposal, ProposalStatus
from tests.factories import BaseFactory, MunicipalityFactory, UserFactory


class PlainProposalFactory(BaseFactory):
    class Meta:
        model = Proposal

    title = factory.Sequence(lambda n: f"Cyklostezka číslo {n}")
    body = "Potřebujeme bezpečnou cestu mezi obcemi."
    search_text = ""
    category = Category.TRANSPORT
    status = ProposalStatus.PUBLISHED
    published_at = factory.LazyFunction(utcnow)
    author = factory.SubFactory(UserFactory)

    @factory.post_generation
    def municipalities(self, create, extracted, **kwargs):
        self.municipalities = list(extracted) if extracted else [MunicipalityFactory()]
        if create:
            from participation.extensions import db

            db.session.commit()


class FollowFactory(BaseFactory):
    class Meta:
        model = Follow

    user = None
    user_id = factory.LazyFunction(lambda: UserFactory().id)
