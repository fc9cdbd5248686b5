"""Factories for proposals and supports."""

import factory

from participation.accounts.models import User
from participation.common.models import utcnow
from participation.common.text import fold
from participation.extensions import db
from participation.proposals.models import Category, Proposal, ProposalStatus, Support, SupportSource
from tests.factories import BaseFactory, UserFactory, assigned_list, one_new_municipality


class ProposalFactory(BaseFactory):
    class Meta:
        model = Proposal

    title = factory.Sequence(lambda n: f"Společný problém číslo {n}")
    body = "Popis problému, který přesahuje hranice obce."
    search_text = factory.LazyAttribute(lambda p: fold(f"{p.title}\n{p.body}"))
    category = Category.TRANSPORT
    status = ProposalStatus.PUBLISHED
    author = factory.SubFactory(UserFactory)
    published_at = factory.LazyFunction(utcnow)
    last_activity_at = factory.LazyFunction(utcnow)

    municipalities = assigned_list("municipalities", default=one_new_municipality)


class DraftFactory(ProposalFactory):
    status = ProposalStatus.DRAFT
    published_at = None


class SupportFactory(BaseFactory):
    class Meta:
        model = Support

    proposal = factory.SubFactory(ProposalFactory)
    user = factory.SubFactory(UserFactory)
    municipality_id = factory.LazyAttribute(lambda s: s.user.home_municipality_id)
    source = SupportSource.ONLINE


_resident_numbers = iter(range(1, 10**9))


def residents(municipality, count: int) -> list[User]:
    """`count` confirmed residents of `municipality`, inserted in bulk (no password hashing)."""
    now = utcnow()
    users = []
    for _ in range(count):
        n = next(_resident_numbers)
        users.append(User(
            email=f"resident{n}@example.cz", display_name=f"Obyvatel {n}",
            home_municipality_id=municipality.id, email_confirmed_at=now, locale="cs",
        ))
    db.session.add_all(users)
    db.session.commit()
    return users


def supporters(proposal, municipality, count: int) -> list[User]:
    """`count` residents of `municipality` who support `proposal`, inserted in bulk."""
    users = residents(municipality, count)
    db.session.add_all(
        Support(proposal_id=proposal.id, user_id=u.id, municipality_id=municipality.id) for u in users
    )
    db.session.commit()
    return users
