"""A project's route: typed one point a line or pasted as GeoJSON, checked, stored as a GeoJSON line."""

import json

import pytest
from sqlalchemy import select

from participation.audit.models import AuditEntry
from participation.extensions import db
from participation.projects.models import Project
from tests.factories import moderator_of
from tests.projects.factories import ProjectFactory

from .test_projects import _form, territory  # noqa: F401  (fixture)

ROUTE = "49.9443, 16.3520\n49,9511 16,3861\n49.9594, 16.4214"


def test_a_route_typed_one_point_a_line_is_stored_as_a_geojson_line(client, login, territory):  # noqa: F811
    login(moderator_of(territory["a"], locale="en"))
    response = client.post("/projekty/novy", data=_form(municipalities=[territory["a"].id], route=ROUTE))
    assert response.status_code == 303, response.get_data(as_text=True)
    project = db.session.scalar(select(Project))
    assert json.loads(project.route) == {"type": "LineString", "coordinates": [
        [16.352, 49.9443], [16.3861, 49.9511], [16.4214, 49.9594]]}
    html = client.get(f"/projekty/{project.id}/upravit").get_data(as_text=True)
    assert "49.944300, 16.352000\n49.951100, 16.386100" in html and 'data-route="route"' in html


@pytest.mark.parametrize("route, message", [
    ("49.9443, 16.3520", "A route needs at least two points."),
    ("49.9443, 16.3520\n52.52, 13.40", "Point 2 (52.52, 13.4) is outside the Czech Republic."),
    ("49.9443, 16.3520\nu kostela", "Line 2: type the latitude and the longitude"),
    ('{"type": "Polygon", "coordinates": []}', "A route is a GeoJSON LineString"),
])
def test_a_bad_route_is_refused_next_to_the_field_keeping_what_was_typed(client, login, territory, route,  # noqa: F811
                                                                          message):
    login(moderator_of(territory["a"], locale="en"))
    response = client.post("/projekty/novy", data=_form(municipalities=[territory["a"].id], route=route))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="route-error"' in html and message in html
    assert route.split("\n")[-1].replace('"', "&#34;") in html or route.split("\n")[-1] in html
    assert db.session.scalar(select(Project)) is None


def test_removing_the_route_is_audited(client, login, territory):  # noqa: F811
    project = ProjectFactory(municipalities=[territory["a"]],
                             route='{"type":"LineString","coordinates":[[16.352,49.9443],[16.3861,49.9511]]}')
    login(moderator_of(territory["a"], locale="en"))
    response = client.post(f"/projekty/{project.id}/upravit", data=_form(municipalities=[territory["a"].id],
                                                                      title=project.title, route=""))
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(Project, project.id).route is None
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "project.update"))
    assert "route" in json.dumps(entry.details)


def test_the_project_page_names_its_route_and_links_to_the_map(client, territory):  # noqa: F811
    project = ProjectFactory(municipalities=[territory["a"]],
                             route='{"type":"LineString","coordinates":[[16.352,49.9443],[16.3861,49.9511]]}')
    client.set_cookie("lang", "en")
    html = client.get(f"/projekty/{project.id}").get_data(as_text=True)
    assert "2 points, from 49.94430, 16.35200 to 49.95110, 16.38610" in html
    assert f'href="/mapa?layer=projects&amp;municipality={territory["a"].id}"' in html
