"""Territory administration: who may open it, creating and editing municipalities and groupings."""

from decimal import Decimal

import pytest
from sqlalchemy import select

from participation.accounts.models import RoleKind
from participation.audit.models import AuditEntry
from participation.extensions import db
from participation.territory.models import Grouping, GroupingMembership, Municipality
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

ADMIN_PAGES = [
    "/sprava/uzemi", "/sprava/kraje", "/sprava/obce", "/sprava/obce/nova",
    "/sprava/seskupeni", "/sprava/seskupeni/nove",
]


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


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_visitors_are_sent_to_sign_in(client, path):
    response = client.get(path)
    assert response.status_code in (302, 401)
    if response.status_code == 302:
        assert "/prihlaseni" in response.headers["Location"] or "prihlaseni" in response.headers["Location"]


@pytest.mark.parametrize("path", ADMIN_PAGES)
@pytest.mark.parametrize("who", ["resident", "moderator", "representative"])
def test_people_without_the_administrator_role_get_403(client, login, region, path, who):
    town = MunicipalityFactory(region=region)
    user = {
        "resident": lambda: UserFactory(home_municipality=town),
        "moderator": lambda: moderator_of(town),
        "representative": lambda: representative_of(GroupingFactory(members=[town])),
    }[who]()
    login(user)
    assert client.get(path).status_code == 403


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_administrators_open_every_page(client, login, region, path):
    login(administrator())
    assert client.get(path).status_code == 200


def test_header_links_the_administration_for_administrators_only(client, login, region):
    login(UserFactory())
    assert "/sprava/uzemi" not in client.get("/").get_data(as_text=True)
    login(administrator())
    assert "/sprava/uzemi" in client.get("/").get_data(as_text=True)


def test_create_municipality_is_audited(client, login, region):
    admin = administrator()
    login(admin)
    response = client.post("/sprava/obce/nova", data={
        "code": "579025", "name": "Česká Třebová", "population": "15300", "region": region.id,
    })
    assert response.status_code == 303
    town = db.session.scalar(select(Municipality).where(Municipality.code == "579025"))
    assert town.search_name == "ceska trebova"
    [entry] = _entries("municipality.create")
    assert entry.actor_id == admin.id and entry.subject_id == town.id
    assert entry.details["code"] == "579025"


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"code": "12345"}, "code", "The code has exactly six digits."),
        ({"code": "abcdef"}, "code", "The code has exactly six digits."),
        ({"code": "579025"}, "code", "Another municipality already has this code."),
        ({"name": ""}, "name", "Enter the name."),
        ({"name": "x" * 121}, "name", "At most 120 characters."),
        ({"population": "-1"}, "population", "A whole number between 0 and 2,000,000."),
        ({"population": "many"}, "population", ""),
        ({"population": ""}, "population", "Enter the population"),
        ({"region": "abc"}, "region", ""),
        ({"region": "999999"}, "region", ""),
    ],
)
def test_bad_municipality_input_shows_errors_and_keeps_input(client, login, region, data, field, message):
    MunicipalityFactory(code="579025", region=region)
    login(administrator(locale="en"))
    form = {"code": "579939", "name": "Choceň", "population": "8500", "region": str(region.id)}
    form.update(data)
    response = client.post("/sprava/obce/nova", data=form)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert f'id="{field}-error"' in html
    assert message in html
    if field != "name":
        assert 'value="Choceň"' in html
    assert db.session.scalar(select(Municipality).where(Municipality.name == "Choceň")) is None


def test_edit_municipality_records_what_changed(client, login, region, other_region):
    town = MunicipalityFactory(code="579025", name="Ceska Trebova", population=1, region=region)
    login(administrator())
    response = client.get(f"/sprava/obce/{town.id}")
    assert 'value="Ceska Trebova"' in response.get_data(as_text=True)
    response = client.post(f"/sprava/obce/{town.id}", data={
        "code": "579025", "name": "Česká Třebová", "population": "15300", "region": other_region.id,
    })
    assert response.status_code == 303
    db.session.refresh(town)
    assert (town.name, town.population, town.region_id) == ("Česká Třebová", 15300, other_region.id)
    [entry] = _entries("municipality.update")
    assert entry.details["name"] == ["Ceska Trebova", "Česká Třebová"]
    assert entry.details["region_id"] == [region.id, other_region.id]
    # Saving again without changes writes nothing.
    client.post(f"/sprava/obce/{town.id}", data={
        "code": "579025", "name": "Česká Třebová", "population": "15300", "region": other_region.id,
    })
    assert len(_entries("municipality.update")) == 1


def test_unknown_municipality_is_404_for_administrators(client, login):
    login(administrator())
    assert client.get("/sprava/obce/999").status_code == 404
    assert client.get("/sprava/seskupeni/999").status_code == 404
    assert client.get("/sprava/seskupeni/999/clenove").status_code == 404


def test_region_administrator_works_only_within_the_region(client, login, region, other_region):
    mine = MunicipalityFactory(name="Choceň", region=region)
    theirs = MunicipalityFactory(name="Hradec Králové", region=other_region)
    login(region_administrator(region))
    html = client.get("/sprava/obce").get_data(as_text=True)
    assert "Choceň" in html and "Hradec Králové" not in html
    assert client.get(f"/sprava/obce/{mine.id}").status_code == 200
    assert client.get(f"/sprava/obce/{theirs.id}").status_code == 403
    response = client.post("/sprava/obce/nova", data={
        "code": "569810", "name": "Jinde", "population": "10", "region": other_region.id,
    })
    assert response.status_code == 200
    assert db.session.scalar(select(Municipality).where(Municipality.name == "Jinde")) is None
    # Moving a municipality out of the region is refused too.
    client.post(f"/sprava/obce/{mine.id}", data={
        "code": mine.code, "name": "Choceň", "population": "10", "region": other_region.id,
    })
    db.session.refresh(mine)
    assert mine.region_id == region.id


def test_create_and_edit_grouping(client, login, region):
    admin = administrator(locale="en")
    login(admin)
    response = client.post("/sprava/seskupeni/nove", data={
        "name": "Mikroregion Orlicko-Třebovsko", "kind": "dso", "description": "Svazek",
        "region": region.id, "threshold_municipalities": "3", "threshold_min_supporters": "10",
        "threshold_population_percent": "1,5",
    })
    assert response.status_code == 303
    grouping = db.session.scalar(select(Grouping))
    assert response.headers["Location"].endswith(f"/sprava/seskupeni/{grouping.id}/clenove")
    assert grouping.threshold_population_percent == Decimal("1.5")
    assert grouping.search_name == "mikroregion orlicko-trebovsko"
    assert len(_entries("grouping.create")) == 1
    response = client.post(f"/sprava/seskupeni/{grouping.id}", data={
        "name": "Mikroregion Orlicko-Třebovsko", "kind": "microregion", "description": "Svazek",
        "region": region.id, "threshold_municipalities": "4", "threshold_min_supporters": "10",
        "threshold_population_percent": "1.5",
    })
    assert response.status_code == 303
    db.session.refresh(grouping)
    assert grouping.kind.value == "microregion" and grouping.threshold_municipalities == 4
    [entry] = _entries("grouping.update")
    assert entry.details == {"kind": ["dso", "microregion"], "threshold_municipalities": [3, 4]}


@pytest.mark.parametrize(
    "data, message",
    [
        ({"name": ""}, "Enter the name."),
        ({"name": "Taken"}, "Another grouping already has this name."),
        ({"kind": "empire"}, "Not a valid choice"),
        ({"threshold_municipalities": "0"}, "A whole number between 1 and 1,000."),
        ({"threshold_min_supporters": "-3"}, "A whole number between 0 and 100,000."),
        ({"threshold_population_percent": "101"}, "A number between 0 and 100."),
        ({"threshold_population_percent": "lots"}, ""),
        ({"description": "x" * 2001}, "At most 2,000 characters."),
    ],
)
def test_bad_grouping_input(client, login, region, data, message):
    GroupingFactory(name="Taken")
    login(administrator(locale="en"))
    form = {"name": "New", "kind": "mas", "description": "", "region": str(region.id),
            "threshold_municipalities": "3", "threshold_min_supporters": "10",
            "threshold_population_percent": "1"}
    form.update(data)
    response = client.post("/sprava/seskupeni/nove", data=form)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(Grouping).where(Grouping.name == "New")) is None


def test_region_administrator_cannot_touch_groupings_of_other_regions(client, login, region, other_region):
    login(region_administrator(region))
    theirs = GroupingFactory(region=other_region)
    spanning = GroupingFactory(region=None)
    mine = GroupingFactory(region=region)
    assert client.get(f"/sprava/seskupeni/{theirs.id}").status_code == 403
    assert client.get(f"/sprava/seskupeni/{spanning.id}/clenove").status_code == 403
    assert client.get(f"/sprava/seskupeni/{mine.id}").status_code == 200
    response = client.post("/sprava/seskupeni/nove", data={
        "name": "Across", "kind": "mas", "region": "0", "threshold_municipalities": "3",
        "threshold_min_supporters": "10", "threshold_population_percent": "1",
    })
    assert response.status_code == 200
    assert db.session.scalar(select(Grouping).where(Grouping.name == "Across")) is None


def _current(grouping):
    return set(db.session.scalars(
        select(GroupingMembership.municipality_id).where(
            GroupingMembership.grouping_id == grouping.id, GroupingMembership.left_on.is_(None))
    ))


def test_members_are_added_with_the_picker_and_removed_by_unticking(client, login, region):
    admin = administrator()
    login(admin)
    a = MunicipalityFactory(name="Libchavy", region=region)
    b = MunicipalityFactory(name="Semanín", region=region)
    c = MunicipalityFactory(name="Sopotnice", region=region)
    grouping = GroupingFactory(members=[a, b], region=region)
    html = client.get(f"/sprava/seskupeni/{grouping.id}/clenove").get_data(as_text=True)
    assert f'value="{a.id}" id="member-{a.id}" checked' in html
    assert 'name="add-q"' in html
    # Add Sopotnice by typing (no JavaScript), untick Semanín, keep Libchavy.
    response = client.post(f"/sprava/seskupeni/{grouping.id}/clenove", data={
        "shown": [str(a.id), str(b.id)], "member": [str(a.id)], "add-q": "sopot",
    })
    assert response.status_code == 303
    assert _current(grouping) == {a.id, c.id}
    left = db.session.scalar(select(GroupingMembership).where(GroupingMembership.municipality_id == b.id))
    assert left.left_on is not None  # history kept
    [entry] = _entries("grouping.members")
    assert entry.details == {"added": [c.code], "removed": [b.code]}
    # Joining again (ticked in the picker's choices) reopens the membership.
    client.post(f"/sprava/seskupeni/{grouping.id}/clenove", data={
        "shown": [str(a.id), str(c.id)], "member": [str(a.id), str(c.id)], "add": [str(b.id)],
    })
    db.session.refresh(left)
    assert left.left_on is None
    assert _current(grouping) == {a.id, b.id, c.id}


def test_member_picker_asks_when_several_match_and_keeps_the_ticks(client, login, region):
    login(administrator(locale="en"))
    a = MunicipalityFactory(name="Libchavy", region=region)
    lhota1 = MunicipalityFactory(name="Lhota", region=region)
    MunicipalityFactory(name="Lhota", region=region)
    grouping = GroupingFactory(members=[a], region=region)
    response = client.post(f"/sprava/seskupeni/{grouping.id}/clenove", data={
        "shown": [str(a.id)], "member": [], "add-q": "lhota",
    })
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Several municipalities match" in html
    assert f'id="member-{a.id}">' in html  # the untick is kept, not saved
    assert _current(grouping) == {a.id}
    client.post(f"/sprava/seskupeni/{grouping.id}/clenove", data={
        "shown": [str(a.id)], "member": [str(a.id)], "add-q": "lhota", "add-shown": "lhota",
        "add": [str(lhota1.id)],
    })
    assert _current(grouping) == {a.id, lhota1.id}


def test_member_picker_reports_unknown_municipalities(client, login, region):
    login(administrator(locale="en"))
    grouping = GroupingFactory(region=region)
    response = client.post(f"/sprava/seskupeni/{grouping.id}/clenove", data={"add-q": "Atlantis"})
    assert response.status_code == 422
    assert "No municipality matches" in response.get_data(as_text=True)
    response = client.post(f"/sprava/seskupeni/{grouping.id}/clenove", data={"add": ["99999", "abc"]})
    assert response.status_code == 422
    assert _current(grouping) == set()


def test_member_form_ignores_garbage(client, login, region):
    login(administrator())
    grouping = GroupingFactory(region=region)
    response = client.post(f"/sprava/seskupeni/{grouping.id}/clenove", data={
        "shown": ["abc", "-1", "99999999999999", "12"], "member": ["abc", "12"],
    })
    assert response.status_code == 303
    assert _entries("grouping.members") == []


def test_region_administrator_cannot_add_members_from_another_region(client, login, region, other_region):
    login(region_administrator(region, locale="en"))
    theirs = MunicipalityFactory(region=other_region)
    grouping = GroupingFactory(region=region)
    client.post(f"/sprava/seskupeni/{grouping.id}/clenove", data={"shown": [str(theirs.id)], "member": [str(theirs.id)]})
    assert db.session.scalar(select(GroupingMembership)) is None
    response = client.post(f"/sprava/seskupeni/{grouping.id}/clenove", data={"add": [str(theirs.id)]})
    assert response.status_code == 422
    assert "only add municipalities of the region you administer" in response.get_data(as_text=True)
    assert db.session.scalar(select(GroupingMembership)) is None


def test_edit_links_show_on_public_pages_for_administrators(client, login, region):
    town = MunicipalityFactory(code="579025", region=region)
    grouping = GroupingFactory(region=region)
    assert f"/sprava/obce/{town.id}" not in client.get("/obce/579025").get_data(as_text=True)
    login(administrator())
    assert f"/sprava/obce/{town.id}" in client.get("/obce/579025").get_data(as_text=True)
    assert f"/sprava/seskupeni/{grouping.id}" in client.get(f"/seskupeni/{grouping.id}").get_data(as_text=True)
