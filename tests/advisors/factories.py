"""Factories for advisors, coordinators and guides."""

import factory

from participation.advisors.models import Advisor, AdvisorField, Coordinator
from tests.factories import BaseFactory, UserFactory, assigned_list


class AdvisorFactory(BaseFactory):
    class Meta:
        model = Advisor

    user = factory.SubFactory(UserFactory, locale="en")
    field = AdvisorField.ENERGY
    organisation = "Energetická agentura Pardubického kraje"
    network = "EKIS"
    contact_hours = "Út 9–12"
    active = True

    municipalities = assigned_list("municipalities")
    groupings = assigned_list("groupings")


def coordinator_of(field: AdvisorField, region=None, **kwargs):
    """A person coordinating the field in the region (None: everywhere)."""
    user = UserFactory(**kwargs)
    coordinator = Coordinator(user_id=user.id, field=field, region_id=region.id if region else None)
    from participation.extensions import db

    db.session.add(coordinator)
    db.session.commit()
    return user
