"""The audit log page: administrators only, newest first, filters, region scoping, query counts."""

from datetime import timedelta

import pytest

from participation.accounts.models import RoleKind
from participation.audit.services import record
from participation.common.models import utcnow
from participation.extensions import db
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


def _record(actor, action, when=None, **kwargs):
    entry = record(actor, action, kwargs.pop("subject_type", "role"), kwargs.pop("subject_id", 1), **kwargs)
    if when is not None:
        entry.created_at = when
    db.session.commit()
    return entry


def test_visitor_is_sent_to_sign_in(client):
    assert client.get("/sprava/audit").status_code in (302, 401)


@pytest.mark.parametrize("who", ["resident", "moderator", "representative"])
def test_non_administrators_get_403(client, login, who):
    town = MunicipalityFactory()
    user = {
        "resident": UserFactory,
        "moderator": lambda: moderator_of(town),
        "representative": lambda: representative_of(GroupingFactory(members=[town])),
    }[who]()
    login(user)
    assert client.get("/sprava/audit").status_code == 403


def test_log_shows_who_what_to_whom_and_when_newest_first(client, login):
    admin = administrator(display_name="Alena Správcová", locale="en")
    target = UserFactory(display_name="Marie Moderátorka")
    now = utcnow()
    _record(admin, "role.grant", when=now - timedelta(days=2), target_user=target,
            details={"kind": "moderator", "name": "Choceň"})
    _record(admin, "role.revoke", when=now - timedelta(days=1), target_user=target, reason="Left the office")
    login(admin)
    html = client.get("/sprava/audit").get_data(as_text=True)
    assert "Role granted" in html and "Role removed" in html
    rows = html.split("<tbody>")[1]
    assert rows.index("Role removed") < rows.index("Role granted")
    assert "Alena Správcová" in html and "Marie Moderátorka" in html
    assert "Left the office" in html
    assert "Choceň" in html
    assert "<time datetime=" in html


def test_filter_by_action_and_actor(client, login):
    admin = administrator(display_name="Alena", locale="en")
    other = administrator(display_name="Bohumil")
    _record(admin, "role.grant")
    _record(other, "grouping.update", subject_type="grouping")
    _record(None, "municipality.import", subject_type="municipality", subject_id=None)
    login(admin)
    html = client.get("/sprava/audit?action=role.grant").get_data(as_text=True)
    assert "1 entry" in html
    html = client.get(f"/sprava/audit?actor={other.id}").get_data(as_text=True)
    assert "Grouping changed" in html and "1 entry" in html
    html = client.get("/sprava/audit?actor=system").get_data(as_text=True)
    assert "Municipalities imported" in html and "1 entry" in html
    for bad in ["?actor=abc", "?actor=-1", "?action=%27", "?page=x", "?target=abc", "?actor=99999999999999"]:
        assert client.get(f"/sprava/audit{bad}").status_code == 200


def test_unknown_actions_show_their_code(client, login):
    admin = administrator(locale="en")
    _record(admin, "comment.hide", subject_type="comment")
    login(admin)
    assert "comment.hide" in client.get("/sprava/audit").get_data(as_text=True)


def test_log_is_paginated_in_fixed_queries(client, login, count_queries):
    admin = administrator()
    login(admin)
    town = MunicipalityFactory()
    for _ in range(3):
        _record(admin, "role.grant", target_user=UserFactory(), municipality_id=town.id)
    with count_queries() as few:
        client.get("/sprava/audit")
    for _ in range(60):
        _record(UserFactory(), "role.grant", target_user=UserFactory(), municipality_id=MunicipalityFactory().id)
    with count_queries() as many:
        html = client.get("/sprava/audit").get_data(as_text=True)
    assert few["n"] == many["n"]
    assert 'rel="next"' in html


def test_region_administrator_sees_only_the_region(client, login):
    region, elsewhere = RegionFactory(), RegionFactory()
    admin = UserFactory(locale="en")
    RoleFactory(user=admin, kind=RoleKind.ADMINISTRATOR, region=region)
    mine = MunicipalityFactory(region=region, name="Choceň")
    theirs = MunicipalityFactory(region=elsewhere, name="Hradec Králové")
    grouping = GroupingFactory(region=region)
    _record(admin, "municipality.update", subject_type="municipality", municipality_id=mine.id)
    _record(admin, "municipality.update", subject_type="municipality", municipality_id=theirs.id)
    _record(admin, "grouping.update", subject_type="grouping", subject_id=grouping.id)
    _record(admin, "role.grant")  # an administrator grant: not tied to the region
    login(admin)
    html = client.get("/sprava/audit").get_data(as_text=True)
    assert "2 entries" in html
    assert "Choceň" in html and "Hradec Králové" not in html


def test_user_page_links_to_their_log(client, login):
    admin = administrator(locale="en")
    target = UserFactory()
    _record(admin, "role.grant", target_user=target)
    _record(admin, "role.grant", target_user=UserFactory())
    login(admin)
    assert f"/sprava/audit?target={target.id}" in client.get(f"/sprava/uzivatele/{target.id}").get_data(as_text=True)
    assert "1 entry" in client.get(f"/sprava/audit?target={target.id}").get_data(as_text=True)
