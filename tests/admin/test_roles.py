"""Users list, a user's page, granting and revoking roles, each audited."""

import pytest
from sqlalchemy import select

from participation.accounts.models import Role, RoleKind
from participation.audit.models import AuditEntry
from participation.common.models import utcnow
from participation.extensions import db
from participation.permissions import scopes
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
def region():
    return RegionFactory(name="Pardubický kraj")


@pytest.fixture
def other_region():
    return RegionFactory(name="Královéhradecký kraj")


def region_administrator(region, **kwargs):
    user = UserFactory(**kwargs)
    RoleFactory(user=user, kind=RoleKind.ADMINISTRATOR, region=region)
    return user


def _entries(action):
    return list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def _roles(user):
    return list(db.session.scalars(select(Role).where(Role.user_id == user.id)))


def _admin_paths(user_id, role_id):
    return [
        ("get", "/sprava/uzivatele"),
        ("get", f"/sprava/uzivatele/{user_id}"),
        ("post", f"/sprava/uzivatele/{user_id}/role/moderator"),
        ("get", f"/sprava/uzivatele/{user_id}/role/{role_id}/odebrat"),
        ("post", f"/sprava/uzivatele/{user_id}/role/{role_id}/odebrat"),
        ("get", "/sprava/audit"),
    ]


def test_visitors_are_sent_to_sign_in(client, region):
    target = moderator_of(MunicipalityFactory(region=region))
    role = _roles(target)[0]
    for method, path in _admin_paths(target.id, role.id):
        response = getattr(client, method)(path)
        assert response.status_code in (302, 401), path
    assert len(_roles(target)) == 1


@pytest.mark.parametrize("who", ["resident", "moderator", "representative", "deleted administrator"])
def test_non_administrators_get_403(client, login, region, who):
    town = MunicipalityFactory(region=region)
    target = moderator_of(town)
    role = _roles(target)[0]
    if who == "resident":
        user = UserFactory()
    elif who == "moderator":
        user = moderator_of(town)
    elif who == "representative":
        user = representative_of(GroupingFactory(members=[town]))
    else:
        user = administrator(deleted_at=utcnow())
    login(user)
    for method, path in _admin_paths(target.id, role.id):
        response = getattr(client, method)(path, data={"moderator-municipality-q": town.code})
        if who == "deleted administrator":
            assert response.status_code in (302, 401), path  # a deleted account is signed out
        else:
            assert response.status_code == 403, path
    assert len(_roles(target)) == 1


def test_users_list_searches_name_and_email_and_filters_by_role(client, login, region):
    login(administrator(display_name="Alena Správcová"))
    UserFactory(display_name="Petr Novák", email="petr@obec.cz")
    moderator_of(MunicipalityFactory(region=region), display_name="Marie Moderátorka")
    html = client.get("/sprava/uzivatele?q=novák").get_data(as_text=True)
    assert "Petr Novák" in html and "Marie" not in html
    html = client.get("/sprava/uzivatele?q=OBEC.CZ").get_data(as_text=True)
    assert "Petr Novák" in html
    html = client.get("/sprava/uzivatele?role=moderator").get_data(as_text=True)
    assert "Marie Moderátorka" in html and "Petr Novák" not in html
    for query in ["%", "?role=nonsense", "?page=abc"]:
        assert client.get(f"/sprava/uzivatele{query if query.startswith('?') else '?q=' + query}").status_code == 200


def test_users_list_is_paginated_in_fixed_queries(app, client, login, region, count_queries):
    login(administrator())
    for _ in range(5):
        moderator_of(MunicipalityFactory(region=region))
    representative_of(GroupingFactory())
    with count_queries() as few:
        client.get("/sprava/uzivatele")
    for _ in range(app.config["PER_PAGE"]):
        representative_of(GroupingFactory())
    with count_queries() as many:
        html = client.get("/sprava/uzivatele").get_data(as_text=True)
    # selectinload skips a relation's query when no row on the page uses it, so the
    # fuller page may run fewer; what matters is that the count does not grow with rows.
    assert many["n"] <= few["n"] <= 10
    assert 'rel="next"' in html


def test_user_page_shows_roles(client, login, region):
    login(administrator(locale="en"))
    town = MunicipalityFactory(name="Choceň", region=region)
    target = moderator_of(town, display_name="Marie")
    html = client.get(f"/sprava/uzivatele/{target.id}").get_data(as_text=True)
    assert "<h1>Marie</h1>" in html
    assert "Moderator of Choceň" in html
    assert client.get("/sprava/uzivatele/99999").status_code == 404


def test_grant_moderator_by_name_or_code(client, login, region):
    admin = administrator()
    login(admin)
    town = MunicipalityFactory(name="Česká Třebová", code="579025", region=region)
    other = MunicipalityFactory(name="Choceň", code="579939", region=region)
    target = UserFactory()
    response = client.post(f"/sprava/uzivatele/{target.id}/role/moderator",
                           data={"moderator-municipality-q": "ceska trebova"})
    assert response.status_code == 303
    client.post(f"/sprava/uzivatele/{target.id}/role/moderator", data={"moderator-municipality-q": "579939"})
    assert {r.municipality_id for r in _roles(target)} == {town.id, other.id}
    assert all(r.granted_by_id == admin.id for r in _roles(target))
    entries = _entries("role.grant")
    assert len(entries) == 2
    assert entries[0].actor_id == admin.id and entries[0].target_user_id == target.id
    assert entries[0].details["kind"] == "moderator"
    assert entries[0].municipality_id == town.id
    assert entries[0].created_at is not None
    assert scopes.covers_municipality(target, town.id)


def test_grant_representative_and_administrator(client, login, region):
    login(administrator())
    grouping = GroupingFactory(region=region)
    target = UserFactory()
    assert client.post(f"/sprava/uzivatele/{target.id}/role/representative",
                       data={"representative-grouping": str(grouping.id)}).status_code == 303
    assert client.post(f"/sprava/uzivatele/{target.id}/role/administrator",
                       data={"administrator-region": str(region.id)}).status_code == 303
    assert client.post(f"/sprava/uzivatele/{target.id}/role/administrator",
                       data={"administrator-region": "0"}).status_code == 303
    kinds = {(r.kind.value, r.grouping_id, r.region_id) for r in _roles(target)}
    assert kinds == {("administrator", None, None), ("administrator", None, region.id),
                     ("representative", grouping.id, None)}
    assert len(_entries("role.grant")) == 3
    assert scopes.scope_of(target).everywhere


@pytest.mark.parametrize(
    "kind, data, message, status",
    [
        ("moderator", {"moderator-municipality-q": ""}, "Enter the municipality.", 422),
        ("moderator", {"moderator-municipality-q": "Nowhere"}, "No municipality matches", 422),
        ("moderator", {"moderator-municipality-q": "999999"}, "No municipality matches", 422),
        ("moderator", {"moderator-municipality-q": "Lhota"}, "Several municipalities match", 422),
        ("moderator", {"moderator-municipality-q": "x" * 500}, "No municipality matches", 422),
        ("moderator", {"moderator-municipality": "99999"}, "This municipality does not exist", 422),
        ("representative", {"representative-grouping": "0"}, "Choose a grouping.", 422),
        ("representative", {"representative-grouping": "abc"}, "", 422),
        ("representative", {"representative-grouping": "99999"}, "Not a valid choice", 422),
        ("administrator", {"administrator-region": "99999"}, "Not a valid choice", 422),
    ],
)
def test_bad_grant_input(client, login, region, kind, data, message, status):
    login(administrator(locale="en"))
    MunicipalityFactory(name="Lhota", region=region)
    MunicipalityFactory(name="Lhota", region=region)
    target = UserFactory()
    response = client.post(f"/sprava/uzivatele/{target.id}/role/{kind}", data=data)
    assert response.status_code == status
    assert message in response.get_data(as_text=True)
    assert _roles(target) == []
    assert _entries("role.grant") == []


def test_unknown_role_kind_is_404(client, login):
    login(administrator())
    target = UserFactory()
    assert client.post(f"/sprava/uzivatele/{target.id}/role/emperor").status_code == 404


def test_granting_a_role_twice_is_refused(client, login, region):
    login(administrator(locale="en"))
    town = MunicipalityFactory(region=region)
    target = moderator_of(town)
    response = client.post(f"/sprava/uzivatele/{target.id}/role/moderator",
                           data={"moderator-municipality-q": town.code})
    assert response.status_code == 409
    assert "already holds this role" in response.get_data(as_text=True)
    assert len(_roles(target)) == 1


def test_deleted_accounts_get_no_roles(client, login, region):
    login(administrator(locale="en"))
    town = MunicipalityFactory(region=region)
    target = UserFactory(deleted_at=utcnow(), email=None)
    html = client.get(f"/sprava/uzivatele/{target.id}").get_data(as_text=True)
    assert "Grant a role" not in html
    response = client.post(f"/sprava/uzivatele/{target.id}/role/moderator",
                           data={"moderator-municipality-q": town.code})
    assert response.status_code == 409
    assert _roles(target) == []


def test_revoke_asks_for_confirmation_then_removes_and_audits(client, login, region):
    admin = administrator(locale="en")
    login(admin)
    town = MunicipalityFactory(name="Choceň", region=region)
    target = moderator_of(town)
    role = _roles(target)[0]
    html = client.get(f"/sprava/uzivatele/{target.id}/role/{role.id}/odebrat").get_data(as_text=True)
    assert "Moderator of Choceň" in html
    assert _roles(target) == [role]  # a GET changes nothing
    response = client.post(f"/sprava/uzivatele/{target.id}/role/{role.id}/odebrat", data={"reason": "Left the office"})
    assert response.status_code == 303
    assert _roles(target) == []
    [entry] = _entries("role.revoke")
    assert (entry.actor_id, entry.target_user_id, entry.reason) == (admin.id, target.id, "Left the office")
    assert entry.details["kind"] == "moderator" and entry.details["name"] == "Choceň"
    assert not scopes.covers_municipality(target, town.id)


def test_revoke_of_another_users_role_or_unknown_role_is_404(client, login, region):
    login(administrator())
    target = moderator_of(MunicipalityFactory(region=region))
    other = UserFactory()
    role = _roles(target)[0]
    assert client.get(f"/sprava/uzivatele/{other.id}/role/{role.id}/odebrat").status_code == 404
    assert client.post(f"/sprava/uzivatele/{target.id}/role/99999/odebrat").status_code == 404


def test_administrator_cannot_remove_own_administrator_role(client, login):
    admin = administrator()
    login(admin)
    role = _roles(admin)[0]
    response = client.post(f"/sprava/uzivatele/{admin.id}/role/{role.id}/odebrat")
    assert response.status_code == 303
    assert _roles(admin) == [role]
    assert _entries("role.revoke") == []


def test_region_administrator_grants_only_within_the_region(client, login, region, other_region):
    login(region_administrator(region, locale="en"))
    mine = MunicipalityFactory(region=region)
    theirs = MunicipalityFactory(region=other_region)
    their_grouping = GroupingFactory(region=other_region)
    target = UserFactory()
    assert client.post(f"/sprava/uzivatele/{target.id}/role/moderator",
                       data={"moderator-municipality-q": mine.code}).status_code == 303
    response = client.post(f"/sprava/uzivatele/{target.id}/role/moderator",
                           data={"moderator-municipality-q": theirs.code})
    assert "only grant roles in the region you administer" in response.get_data(as_text=True)
    response = client.post(f"/sprava/uzivatele/{target.id}/role/representative",
                           data={"representative-grouping": str(their_grouping.id)})
    assert response.status_code == 422
    assert client.post(f"/sprava/uzivatele/{target.id}/role/administrator",
                       data={"administrator-region": "0"}).status_code == 403
    assert [r.municipality_id for r in _roles(target)] == [mine.id]
    html = client.get(f"/sprava/uzivatele/{target.id}").get_data(as_text=True)
    assert "Grant administrator role" not in html
    # Revoking a role outside the region is refused too.
    outsider = moderator_of(theirs)
    role = _roles(outsider)[0]
    assert client.post(f"/sprava/uzivatele/{outsider.id}/role/{role.id}/odebrat").status_code == 403
    assert _roles(outsider) == [role]


def test_grant_form_works_with_csrf_on(app, client, login, region):
    """The prefixed grant forms carry their own CSRF token."""
    import re

    login(administrator())
    town = MunicipalityFactory(region=region)
    target = UserFactory()
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        html = client.get(f"/sprava/uzivatele/{target.id}").get_data(as_text=True)
        token = re.search(r'name="moderator-csrf_token" type="hidden" value="([^"]+)"', html).group(1)
        response = client.post(f"/sprava/uzivatele/{target.id}/role/moderator",
                               data={"moderator-csrf_token": token, "moderator-municipality-q": town.code})
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert response.status_code == 303
    assert len(_roles(target)) == 1
