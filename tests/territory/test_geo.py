"""Places in Czechia as typed into forms: numbers the Czech way, the bounding box, routes."""

import json

import pytest

from participation.territory import geo


def test_inside_czechia():
    assert geo.inside_czechia(49.9443, 16.3520)  # Česká Třebová
    assert geo.inside_czechia(50.08, 14.42)  # Praha
    assert not geo.inside_czechia(48.2, 16.37)  # Vienna
    assert not geo.inside_czechia(16.352, 49.9443)  # swapped


@pytest.mark.parametrize("text", [
    "49.9443, 16.3520\n49.9511, 16.3861",
    "49,9443 16,3520\n49,9511 16,3861",
    "49,9443; 16,3520\n\n49,9511; 16,3861\n",
    '{"type": "LineString", "coordinates": [[16.3520, 49.9443], [16.3861, 49.9511]]}',
    '{"type": "Feature", "properties": {}, "geometry": {"type": "LineString", '
    '"coordinates": [[16.3520, 49.9443], [16.3861, 49.9511]]}}',
    "[[16.3520, 49.9443], [16.3861, 49.9511]]",
])
def test_a_route_is_read_from_lines_or_geojson(text):
    assert geo.parse_route(text) == [(49.9443, 16.352), (49.9511, 16.3861)]


@pytest.mark.parametrize("text, message", [
    ("49.9443, 16.3520", "at least two points"),
    ("49.9443, 16.3520\n48.2, 16.37", "Point 2 (48.2, 16.37) is outside the Czech Republic"),
    ("49.9443, 16.3520\nsever", "Line 2: type the latitude and the longitude"),
    ("49.9443, 16.3520, 7\n49.9, 16.3", "Line 1"),
    ('{"type": "Point", "coordinates": [16.35, 49.94]}', "not another shape"),
    ('{"type": "LineString", "coordinates": [[16.35, "x"], [16.4, 49.9]]}', "[longitude, latitude]"),
    ("[[16.35, 49.94", "not valid GeoJSON"),
    ("\n".join(["49.9, 16.3"] * (geo.MAX_ROUTE_POINTS + 1)), "at most 500 points"),
])
def test_a_bad_route_says_why(app, text, message):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        with pytest.raises(geo.RouteError) as error:
            geo.parse_route(text)
        assert message in str(error.value.args[0])


def test_a_route_is_stored_as_a_geojson_line_and_read_back():
    points = [(49.9443, 16.352), (49.9511, 16.3861)]
    stored = geo.route_to_geojson(points)
    assert json.loads(stored) == {"type": "LineString", "coordinates": [[16.352, 49.9443], [16.3861, 49.9511]]}
    assert geo.route_points(stored) == points
    assert geo.route_text(points) == "49.944300, 16.352000\n49.951100, 16.386100"
    assert geo.route_to_geojson(None) is None and geo.route_points(None) == [] and geo.route_points("{bad") == []
    with pytest.raises(geo.RouteError):
        geo.route_to_geojson([(48.2, 16.37), (49.9, 16.3)])
