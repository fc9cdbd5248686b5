"""A territory with two municipalities in a grouping and one outside, localities, and people in every role."""

import pytest

from tests.factories import (
    GroupingFactory,
    MunicipalityFactory,
    RegionFactory,
    UserFactory,
    administrator,
    moderator_of,
    representative_of,
)
from tests.localities.factories import LocalityFactory


@pytest.fixture
def world(app):
    region = RegionFactory(code="CZ-X53", name="Pardubický kraj (test)")
    a, b, c = (MunicipalityFactory(region=region, name=name) for name in ("Ústí nad Orlicí", "Libchavy", "Králíky"))
    grouping = GroupingFactory(name="Mikroregion Orlicko-Třebovsko", members=[a, b])
    other = GroupingFactory(name="MAS Orlicko", members=[c])
    return {
        "a": a, "b": b, "c": c, "region": region, "grouping": grouping, "other": other,
        "hamlet": LocalityFactory(municipality=a, name="Horní Houžovec", dwellings=25, inhabitants=60),
        "village": LocalityFactory(municipality=a, name="Knapovec", dwellings=90, inhabitants=230),
        "elsewhere": LocalityFactory(municipality=c, name="Vojtíškov", dwellings=15, inhabitants=25),
        # English accounts, so that tests read the messages as written in the code.
        "resident": UserFactory(home_municipality=a, locale="en", display_name="Tomáš Občan"),
        "resident_out": UserFactory(home_municipality=c, locale="en"),
        "moderator": moderator_of(a, locale="en"), "moderator_out": moderator_of(c, locale="en"),
        "representative": representative_of(grouping, locale="en"),
        "representative_out": representative_of(other, locale="en"),
        "administrator": administrator(locale="en"),
    }


@pytest.fixture
def residents(world):
    """Five more residents of the grouping's first municipality."""
    return [UserFactory(home_municipality=world["a"], display_name=f"Soused {n}") for n in range(5)]
