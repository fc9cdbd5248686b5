"""Who sees a grouping's dashboard: the rule, and the pages it guards, for every role."""

import pytest

from participation.accounts.models import RoleKind
from participation.permissions import stats as rules
from tests.factories import (
    GroupingFactory,
    MunicipalityFactory,
    RegionFactory,
    RoleFactory,
    UserFactory,
    administrator,
    moderator_of,
    representative_of,
)

ROLES = {
    "visitor": False,
    "resident": False,
    "moderator": False,  # of a member municipality
    "other_moderator": False,
    "representative": True,
    "other_representative": False,  # of another grouping sharing a member
    "administrator": True,
    "region_administrator": True,
    "other_region_administrator": False,
}


def _user(role, grouping, member):
    return {
        "visitor": lambda: None,
        "resident": lambda: UserFactory(home_municipality=member),
        "moderator": lambda: moderator_of(member),
        "other_moderator": lambda: moderator_of(MunicipalityFactory()),
        "representative": lambda: representative_of(grouping),
        "other_representative": lambda: representative_of(GroupingFactory(members=[member])),
        "administrator": lambda: administrator(),
        "region_administrator": lambda: RoleFactory(kind=RoleKind.ADMINISTRATOR, region=grouping.region).user,
        "other_region_administrator": lambda: RoleFactory(kind=RoleKind.ADMINISTRATOR, region=RegionFactory()).user,
    }[role]()


@pytest.fixture
def grouping(app):
    region = RegionFactory()
    return GroupingFactory(region=region, members=[MunicipalityFactory(region=region)])


@pytest.mark.parametrize(("role", "allowed"), ROLES.items())
def test_dashboard_rule(app, grouping, role, allowed):
    user = _user(role, grouping, grouping.memberships[0].municipality)
    assert rules.can_view_dashboard(user, grouping) is allowed
    assert rules.can_view_response_times(user) is True


def test_no_grouping_no_dashboard(app):
    assert rules.can_view_dashboard(administrator(), None) is False


@pytest.mark.parametrize(("role", "allowed"), ROLES.items())
def test_dashboard_pages(app, client, login, grouping, role, allowed):
    user = _user(role, grouping, grouping.memberships[0].municipality)
    if user is not None:
        login(user)
    for path in ("/prehled", "/prehled.csv"):
        response = client.get(f"/seskupeni/{grouping.id}{path}")
        if user is None:
            assert response.status_code == 302 and "/prihlaseni" in response.location
        else:
            assert response.status_code == (200 if allowed else 403), path
    grouping_page = client.get(f"/seskupeni/{grouping.id}").get_data(as_text=True)
    assert (f"/seskupeni/{grouping.id}/prehled" in grouping_page) is allowed
    assert client.get("/statistiky/odezva").status_code == 200


def test_unknown_grouping_is_404_for_an_administrator(app, client, login):
    login(administrator())
    assert client.get("/seskupeni/999999/prehled").status_code == 404
    assert client.get("/seskupeni/999999/prehled.csv").status_code == 404
