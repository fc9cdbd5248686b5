"""The permission module for every role and scope: scopes.py and the territory, admin and audit rules."""

from datetime import date

import pytest
from flask_login import AnonymousUserMixin

from participation.accounts.models import RoleKind
from participation.common.models import utcnow
from participation.extensions import db
from participation.permissions import admin as admin_rules
from participation.permissions import audit as audit_rules
from participation.permissions import scopes
from participation.permissions import territory as territory_rules
from participation.territory.models import GroupingMembership
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


@pytest.fixture
def world():
    """Two regions; in the first two towns in a DSO with a former member; a town elsewhere."""
    region, elsewhere = RegionFactory(), RegionFactory()
    town, village, former = (MunicipalityFactory(region=region) for _ in range(3))
    outside = MunicipalityFactory(region=elsewhere)
    dso = GroupingFactory(region=region, members=[town, village, former])
    membership = db.session.query(GroupingMembership).filter_by(municipality_id=former.id).one()
    membership.left_on = date(2024, 6, 30)
    db.session.commit()
    far_grouping = GroupingFactory(region=elsewhere, members=[outside])
    spanning = GroupingFactory(region=None, members=[town, outside])
    return {
        "region": region, "elsewhere": elsewhere, "town": town, "village": village,
        "former": former, "outside": outside, "dso": dso, "far_grouping": far_grouping,
        "spanning": spanning,
    }


def region_administrator(region):
    user = UserFactory()
    RoleFactory(user=user, kind=RoleKind.ADMINISTRATOR, region=region)
    return user


def test_visitor_has_no_scope(app, world):
    visitor = AnonymousUserMixin()
    assert scopes.scope_of(visitor).is_empty
    assert not scopes.covers_municipality(visitor, world["town"].id)
    assert not scopes.covers_grouping(visitor, world["dso"].id)
    assert not scopes.is_staff(visitor) and not scopes.is_administrator(visitor)
    assert not territory_rules.can_administer_territory(visitor)
    assert not admin_rules.can_manage_users(visitor)
    assert not audit_rules.can_view_audit_log(visitor)
    assert scopes.scope_of(None).is_empty


def test_resident_has_no_scope(app, world):
    resident = UserFactory(home_municipality=world["town"])
    assert scopes.scope_of(resident).is_empty
    assert not scopes.covers_municipality(resident, world["town"].id)
    assert not scopes.is_staff(resident)
    assert not scopes.is_moderator_anywhere(resident)
    assert not territory_rules.can_edit_municipality(resident, world["town"])
    assert territory_rules.administered_region_ids(resident) == frozenset()


def test_moderator_covers_only_their_municipality(app, world):
    moderator = moderator_of(world["town"])
    assert scopes.covers_municipality(moderator, world["town"].id)
    assert not scopes.covers_municipality(moderator, world["village"].id)
    assert not scopes.covers_municipality(moderator, None)
    assert not scopes.covers_grouping(moderator, world["dso"].id)
    assert scopes.covers_any_municipality(moderator, [world["village"].id, world["town"].id])
    assert not scopes.covers_any_municipality(moderator, [world["village"].id])
    assert scopes.is_moderator_anywhere(moderator) and scopes.is_staff(moderator)
    assert not scopes.is_administrator(moderator)
    assert not territory_rules.can_administer_territory(moderator)
    assert not territory_rules.can_edit_municipality(moderator, world["town"])
    assert not admin_rules.can_manage_users(moderator)
    assert not audit_rules.can_view_audit_log(moderator)


def test_moderator_of_several_municipalities(app, world):
    moderator = moderator_of(world["town"])
    RoleFactory(user=moderator, kind=RoleKind.MODERATOR, municipality=world["outside"])
    assert scopes.covers_municipality(moderator, world["outside"].id)
    assert scopes.scope_of(moderator).moderated_municipality_ids == {world["town"].id, world["outside"].id}


def test_representative_covers_grouping_and_current_members(app, world):
    representative = representative_of(world["dso"])
    assert scopes.covers_grouping(representative, world["dso"].id)
    assert scopes.covers_municipality(representative, world["town"].id)
    assert scopes.covers_municipality(representative, world["village"].id)
    assert not scopes.covers_municipality(representative, world["former"].id)  # left the grouping
    assert not scopes.covers_municipality(representative, world["outside"].id)
    assert not scopes.covers_grouping(representative, world["far_grouping"].id)
    assert not scopes.is_moderator_anywhere(representative)
    assert scopes.is_staff(representative)
    assert scopes.scope_of(representative).represented_grouping_ids == {world["dso"].id}
    assert not territory_rules.can_edit_grouping(representative, world["dso"])
    assert not admin_rules.can_manage_users(representative)


def test_region_administrator_covers_the_region(app, world):
    admin = region_administrator(world["region"])
    scope = scopes.scope_of(admin)
    assert scope.administrator and not scope.everywhere
    assert scope.administered_region_ids == {world["region"].id}
    for name in ("town", "village", "former"):
        assert scopes.covers_municipality(admin, world[name].id)
    assert not scopes.covers_municipality(admin, world["outside"].id)
    assert scopes.covers_grouping(admin, world["dso"].id)
    assert not scopes.covers_grouping(admin, world["far_grouping"].id)
    assert not scopes.covers_grouping(admin, world["spanning"].id)
    assert scopes.is_administrator(admin)
    assert territory_rules.can_administer_territory(admin)
    assert territory_rules.administered_region_ids(admin) == {world["region"].id}
    assert territory_rules.can_edit_municipality(admin, world["town"])
    assert not territory_rules.can_edit_municipality(admin, world["outside"])
    assert territory_rules.can_edit_grouping(admin, world["dso"])
    assert not territory_rules.can_edit_grouping(admin, world["spanning"])
    assert not territory_rules.can_administer_region(admin, None)
    assert admin_rules.can_grant_moderator(admin, world["town"])
    assert not admin_rules.can_grant_moderator(admin, world["outside"])
    assert admin_rules.can_grant_representative(admin, world["dso"])
    assert not admin_rules.can_grant_representative(admin, world["far_grouping"])
    assert not admin_rules.can_grant_administrator(admin)
    assert audit_rules.can_view_audit_log(admin) and not audit_rules.sees_whole_audit_log(admin)


def test_region_administrator_who_also_moderates_elsewhere_cannot_administer_there(app, world):
    admin = region_administrator(world["region"])
    RoleFactory(user=admin, kind=RoleKind.MODERATOR, municipality=world["outside"])
    assert scopes.covers_municipality(admin, world["outside"].id)  # as its moderator
    assert not territory_rules.can_edit_municipality(admin, world["outside"])
    assert not admin_rules.can_grant_moderator(admin, world["outside"])


def test_global_administrator_covers_everything(app, world):
    admin = administrator()
    scope = scopes.scope_of(admin)
    assert scope.everywhere and scope.administrator
    for name in ("town", "village", "former", "outside"):
        assert scopes.covers_municipality(admin, world[name].id)
    for name in ("dso", "far_grouping", "spanning"):
        assert scopes.covers_grouping(admin, world[name].id)
    assert scopes.covers_any_municipality(admin, [])
    assert territory_rules.administered_region_ids(admin) is None
    assert territory_rules.can_edit_grouping(admin, world["spanning"])
    assert territory_rules.can_administer_region(admin, None)
    assert admin_rules.can_grant_administrator(admin)
    assert admin_rules.can_grant_moderator(admin, world["outside"])
    assert audit_rules.sees_whole_audit_log(admin)


def test_global_role_wins_over_a_region_role(app, world):
    admin = region_administrator(world["region"])
    RoleFactory(user=admin, kind=RoleKind.ADMINISTRATOR)
    assert scopes.scope_of(admin).everywhere


def test_deleted_user_loses_every_scope(app, world):
    admin = administrator(deleted_at=utcnow())
    moderator = moderator_of(world["town"], deleted_at=utcnow())
    for user in (admin, moderator):
        assert scopes.scope_of(user).is_empty
        assert not scopes.covers_municipality(user, world["town"].id)
        assert not territory_rules.can_administer_territory(user)
        assert not admin_rules.can_manage_users(user)


def test_revoke_rules_follow_grant_rules(app, world):
    admin = region_administrator(world["region"])
    inside = moderator_of(world["town"]).roles[0]
    outside = moderator_of(world["outside"]).roles[0]
    rep = representative_of(world["dso"]).roles[0]
    top = administrator().roles[0]
    assert admin_rules.can_revoke_role(admin, inside)
    assert admin_rules.can_revoke_role(admin, rep)
    assert not admin_rules.can_revoke_role(admin, outside)
    assert not admin_rules.can_revoke_role(admin, top)


def test_scope_is_cached_per_request_and_forgotten_on_change(app, world):
    user = UserFactory()
    with app.test_request_context():
        assert not scopes.covers_municipality(user, world["town"].id)
        RoleFactory(user=user, kind=RoleKind.MODERATOR, municipality=world["town"])
        assert not scopes.covers_municipality(user, world["town"].id)  # cached for the request
        scopes.forget_scope(user)
        assert scopes.covers_municipality(user, world["town"].id)


def test_templates_reach_the_rules_as_can(app, client, login, world):
    login(administrator())
    html = client.get(f"/obce/{world['town'].code}").get_data(as_text=True)
    assert f"/sprava/obce/{world['town'].id}" in html  # the edit link, guarded by can.territory
