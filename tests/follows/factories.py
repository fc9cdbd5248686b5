"""Factories the follows and notifications tests share (proposals built directly,
so that these tests do not depend on the proposals domain's own factories)."""

import factory

from participation.common.models import utcnow
from participation.follows.models import Follow
from participation.proposals.models import Category, Proposal, ProposalStatus
from tests.factories import BaseFactory, UserFactory, assigned_list, one_new_municipality


class PlainProposalFactory(BaseFactory):
    class Meta:
        model = Proposal

    title = factory.Sequence(lambda n: f"Cyklostezka číslo {n}")
    body = "Potřebujeme bezpečnou cestu mezi obcemi."
    search_text = ""
    category = Category.TRANSPORT
    status = ProposalStatus.PUBLISHED
    published_at = factory.LazyFunction(utcnow)
    author = factory.SubFactory("tests.factories.UserFactory")

    municipalities = assigned_list("municipalities", default=one_new_municipality)


class FollowFactory(BaseFactory):
    class Meta:
        model = Follow

    user = None
    user_id = factory.LazyFunction(lambda: UserFactory().id)




def quick_moderator_of(municipality, **kwargs):
    from participation.accounts.models import RoleKind
    from tests.factories import RoleFactory

    user = UserFactory(home_municipality=municipality, **kwargs)
    RoleFactory(user=user, kind=RoleKind.MODERATOR, municipality=municipality)
    return user


def quick_representative_of(grouping, **kwargs):
    from participation.accounts.models import RoleKind
    from tests.factories import RoleFactory

    user = UserFactory(**kwargs)
    RoleFactory(user=user, kind=RoleKind.REPRESENTATIVE, grouping=grouping)
    return user
