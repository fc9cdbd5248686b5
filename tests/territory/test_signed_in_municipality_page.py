"""Signed-in municipality and grouping pages: sections rendered once for everyone, each person's own buttons
around them, never stale after a write, and almost no queries per request."""

import re

import pytest
from flask import url_for

from participation.extensions import db
from participation.follows import services as follows
from participation.infrastructure import services as infrastructure
from participation.localities.models import ConnectionStatus
from participation.territory.models import GroupingMembership
from tests.factories import (
    GroupingFactory,
    MunicipalityFactory,
    RegionFactory,
    UserFactory,
    administrator,
    moderator_of,
    representative_of,
)
from tests.infrastructure.conftest import asset_data, work_data
from tests.localities.factories import LocalityFactory
from tests.page_checks import html_of, without_cache


@pytest.fixture
def town(app):
    region = RegionFactory(code="CZ-X99", name="Kraj pokusný")
    return MunicipalityFactory(region=region, name="Dolní Lhota")


@pytest.fixture
def people(town, signed_in):
    """A resident of the town, a resident elsewhere, its moderator and an administrator, each signed in."""
    elsewhere = MunicipalityFactory(region=town.region)
    users = {"resident": UserFactory(home_municipality=town, locale="en"),
             "outsider": UserFactory(home_municipality=elsewhere, locale="en"),
             "moderator": moderator_of(town, locale="en"),
             "administrator": administrator(locale="en")}
    return {name: signed_in(user) for name, user in users.items()}


def section(html: str, section_id: str) -> str:
    start = html.index(f'<section id="{section_id}"')
    return html[start:html.index("</section>", start)]


def shared_part(html: str, section_id: str) -> str:
    """A section without its actions paragraph: what everyone sees alike."""
    text = section(html, section_id)
    return text[:text.index('<p class="actions">')]


def assert_fresh(app, clients, path) -> dict[str, str]:
    """Each person's page now is exactly what rendering it afresh gives them."""
    pages = {}
    for name, client in clients.items():
        pages[name] = html_of(client.get(path))
        assert pages[name] == without_cache(app, client, path), name
    return pages


def test_each_person_gets_their_own_buttons_around_the_same_sections(app, town, people, count_queries):
    LocalityFactory(municipality=town, name="Paseka", dwellings=12)
    infrastructure.create_asset(people["moderator"][0], town, asset_data(name="Chránička u mostu"))
    db.session.commit()
    path = f"/obce/{town.code}"
    with count_queries() as first:
        html_of(people["outsider"][1].get(path))
    pages = {}
    for name, (_user, client) in people.items():
        with count_queries(keep_cache=True) as counted:
            pages[name] = html_of(client.get(path))
        assert counted["n"] < first["n"], name  # the sections came from the cache
    connection, works = f"municipality-{town.id}-connection", f"municipality-{town.id}-infrastructure"
    for name, html in pages.items():
        assert "Paseka" in html and shared_part(html, connection) == shared_part(pages["resident"], connection)
        assert shared_part(html, works) == shared_part(pages["resident"], works)
        assert "spolu-slot" not in html, name

    with app.test_request_context():
        report, add_locality = url_for("localities.report"), url_for("localities.create", code=town.code)
        record_asset = url_for("infrastructure.asset_create", obec=town.code)
        edit = url_for("territory.admin_municipality_edit", municipality_id=town.id)
    # The moderator lives there too (moderator_of gives them the town as home); the outsider does not.
    assert [name for name, html in pages.items() if report in section(html, connection)] == ["resident", "moderator"]
    assert [name for name, html in pages.items() if add_locality in html] == ["moderator", "administrator"]
    assert [name for name, html in pages.items() if record_asset in html] == ["moderator", "administrator"]
    assert [name for name, html in pages.items() if edit in html] == ["administrator"]
    assert all(f"/sledovani/municipality/{town.id}" not in html for html in pages.values())
    assert_fresh(app, {name: client for name, (_user, client) in people.items()}, path)


def test_a_resident_without_localities_gets_no_report_button_until_one_is_added(app, town, people):
    resident = people["resident"][1]
    path = f"/obce/{town.code}"
    with app.test_request_context():
        report = url_for("localities.report")
    assert report not in html_of(resident.get(path))
    assert "No localities are recorded" in html_of(people["outsider"][1].get(path))

    locality = LocalityFactory(municipality=town, name="Nová Paseka", dwellings=30)
    db.session.commit()
    pages = assert_fresh(app, {"resident": resident, "outsider": people["outsider"][1]}, path)
    assert "Nová Paseka" in pages["outsider"] and report in pages["resident"] and report not in pages["outsider"]

    before = section(pages["outsider"], f"municipality-{town.id}-connection")
    locality.status = ConnectionStatus.GIGABIT
    db.session.commit()
    pages = assert_fresh(app, {"resident": resident, "outsider": people["outsider"][1]}, path)
    after = section(pages["outsider"], f"municipality-{town.id}-connection")
    assert after != before and "badge-warn" not in after


def test_new_assets_and_planned_works_show_on_the_next_request(app, town, people):
    moderator, clients = people["moderator"][0], {name: client for name, (_user, client) in people.items()}
    path = f"/obce/{town.code}"
    assert "offers no infrastructure" in html_of(clients["outsider"].get(path))
    infrastructure.create_asset(moderator, town, asset_data(name="Stožár u hřiště"))
    db.session.commit()
    pages = assert_fresh(app, clients, path)
    assert "offers no infrastructure" not in pages["outsider"]
    infrastructure.create_work(moderator, town, work_data(title="Oprava návsi"))
    db.session.commit()
    pages = assert_fresh(app, clients, path)
    assert all("Oprava návsi" in html for html in pages.values())


def test_follow_state_and_count_are_each_persons_and_follow_every_change(app, town, people):
    (_resident, resident_client), (outsider, outsider_client) = people["resident"], people["outsider"]
    clients = {"resident": resident_client, "outsider": outsider_client}
    path = f"/obce/{town.code}"
    unfollow = f"/sledovani/obec/{town.id}/smazat"

    def button(html):
        start = html.index(f'id="follow-municipality-{town.id}"')
        return html[start:html.index("</div>", start)]

    pages = assert_fresh(app, clients, path)
    assert "0 followers" in button(pages["resident"]) and unfollow not in button(pages["resident"])
    follows.follow(outsider, town)
    pages = assert_fresh(app, clients, path)
    assert "1 follower" in button(pages["resident"]) and unfollow not in button(pages["resident"])
    assert unfollow in button(pages["outsider"])
    assert html_of(resident_client.post(f"/sledovani/obec/{town.id}", headers={"HX-Request": "true"},
                                        data={"csrf_token": csrf_of(resident_client, path)}))
    pages = assert_fresh(app, clients, path)
    assert "2 followers" in button(pages["outsider"]) and unfollow in button(pages["resident"])
    follows.unfollow(outsider, town)
    pages = assert_fresh(app, clients, path)
    assert "1 follower" in button(pages["outsider"]) and unfollow not in button(pages["outsider"])


def csrf_of(client, path) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).get_data(as_text=True)).group(1)


def test_a_signed_in_request_runs_only_its_sign_in_query_however_large_the_town(app, town, people, count_queries):
    resident = people["resident"][1]
    path = f"/obce/{town.code}"
    html_of(people["outsider"][1].get(path))  # someone else rendered the shared parts
    html_of(resident.get(path))  # the resident's own roles, unread count and followed places
    with count_queries(keep_cache=True) as few:
        html_of(resident.get(path))
    for n in range(5):
        LocalityFactory(municipality=town)
        infrastructure.create_asset(people["moderator"][0], town, asset_data(name=f"Chránička {n}"))
    GroupingFactory(members=[town])
    db.session.commit()
    html_of(people["outsider"][1].get(path))
    html_of(resident.get(path))
    with count_queries(keep_cache=True) as many:
        html_of(resident.get(path))
    assert few["n"] <= 1 and many["n"] <= 1, many["statements"]  # at most loading the sign-in session


def test_grouping_page_shares_its_sections_and_gives_staff_their_links(app, town, signed_in, count_queries):
    grouping = GroupingFactory(name="Svazek Lhot", members=[town], region=town.region)
    representative = representative_of(grouping, locale="en")
    clients = {"representative": signed_in(representative)[1], "resident": signed_in(UserFactory(
        home_municipality=town, locale="en"))[1], "administrator": signed_in(administrator(locale="en"))[1]}
    path = f"/seskupeni/{grouping.id}"
    with app.test_request_context():
        dashboard, new = url_for("stats.dashboard", grouping_id=grouping.id), url_for(
            "consultations.create", grouping=grouping.id)
        edit = url_for("territory.admin_grouping_edit", grouping_id=grouping.id)
    pages = assert_fresh(app, clients, path)
    assert [name for name, html in pages.items() if dashboard in html] == ["representative", "administrator"]
    assert [name for name, html in pages.items() if new in html] == ["representative", "administrator"]
    assert [name for name, html in pages.items() if edit in html] == ["administrator"]
    assert all("spolu-slot" not in html for html in pages.values())

    newcomer = MunicipalityFactory(name="Horní Lhota", region=town.region)
    db.session.add(GroupingMembership(grouping_id=grouping.id, municipality_id=newcomer.id))
    grouping.description = "Svazek **obcí** Lhot"
    db.session.commit()
    pages = assert_fresh(app, clients, path)
    assert "Horní Lhota" in pages["resident"] and "<strong>obcí</strong>" in pages["resident"]
    with count_queries(keep_cache=True) as counted:
        html_of(clients["resident"].get(path))
    assert counted["n"] <= 1, counted["statements"]


def test_a_visitors_page_follows_a_renamed_grouping_and_region_the_signed_in_page_remembered(app, town, people):
    """The municipality remembered for a signed-in person still tells a visitor's stored page what it read."""
    grouping = GroupingFactory(name="Mikroregion Staré jméno", members=[town])
    path = f"/obce/{town.code}"
    assert "Staré jméno" in html_of(people["resident"][1].get(path))
    assert "Staré jméno" in html_of(app.test_client().get(path))
    assert app.test_client().get(path).headers.get("X-Spolu-Page-Cache") == "hit"
    grouping.name = "Mikroregion Nové jméno"
    town.region.name = "Kraj přejmenovaný"
    db.session.commit()
    html = html_of(app.test_client().get(path))
    assert "Nové jméno" in html and "Staré jméno" not in html and "Kraj přejmenovaný" in html
    assert "Nové jméno" in html_of(people["resident"][1].get(path))


def test_a_remembered_value_served_from_the_cache_tells_the_page_being_recorded_what_it_read(app, town):
    """Else a visitor's page showing only a remembered value would be kept after that value changed."""
    from flask import g
    from sqlalchemy import select

    from participation.common import page_cache
    from participation.territory.models import Municipality

    def name():
        return db.session.scalar(select(Municipality.name).where(Municipality.id == town.id))

    with app.test_request_context("/"):
        assert page_cache.remember("test-town-name", town.id, name) == "Dolní Lhota"  # computed and kept
    with app.test_request_context("/"):
        g.page_recording = page_cache.Recording(key="test-page", versions={})
        try:
            assert page_cache.remember("test-town-name", town.id, lambda: pytest.fail("not kept")) == "Dolní Lhota"
            assert "municipality" in g.page_recording.tables
        finally:
            g.pop("page_recording", None)
