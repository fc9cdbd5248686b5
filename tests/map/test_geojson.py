"""The map's GeoJSON layers: only public places, filtered like the pages, in a fixed number of queries."""

import json

import pytest

from tests.localities.factories import LocalityFactory
from tests.projects.factories import ProjectFactory
from tests.proposals.factories import ProposalFactory


def _layer(client, name, **args):
    response = client.get(f"/mapa/{name}.geojson", query_string=args)
    assert response.status_code == 200 and response.mimetype == "application/geo+json"
    body = json.loads(response.get_data(as_text=True))
    assert body["type"] == "FeatureCollection"
    return body["features"]


def _titles(features):
    return sorted({feature["properties"]["title"] for feature in features})


def test_proposals_layer_has_public_proposals_with_a_place_only(client, places):
    features = _layer(client, "podnety")
    assert _titles(features) == ["Chodník v Králíkách", "Optika pro Rybník"]
    first = next(f for f in features if f["properties"]["id"] == places["proposal"].id)
    # GeoJSON order: longitude first.
    assert first["geometry"] == {"type": "Point", "coordinates": [16.352, 49.9443]}
    assert first["properties"]["url"] == f"/podnety/{places['proposal'].id}"
    assert first["properties"]["status"] == "published"


def test_layers_filter_by_municipality_and_grouping(client, places):
    assert _titles(_layer(client, "podnety", municipality=places["c"].id)) == ["Chodník v Králíkách"]
    assert _titles(_layer(client, "podnety", grouping=places["grouping"].id)) == ["Optika pro Rybník"]
    assert _titles(_layer(client, "projekty", municipality=places["c"].id)) == ["Sběrný dvůr Králíky"]
    assert _titles(_layer(client, "projekty", grouping=places["grouping"].id)) == ["Páteřní síť Třebovsko"]
    assert _titles(_layer(client, "lokality", municipality=places["b"].id)) == ["Horní Rybník (Rybník)"]
    assert _titles(_layer(client, "lokality", grouping=places["grouping"].id)) == [
        "Horní Rybník (Rybník)", "Parník (Česká Třebová)"]
    assert _layer(client, "lokality", municipality=999999) == []


def test_project_layer_draws_the_route_as_a_line_and_the_place_as_a_point(client, places):
    features = [f for f in _layer(client, "projekty") if f["properties"]["id"] == places["project"].id]
    assert sorted(f["geometry"]["type"] for f in features) == ["LineString", "Point"]
    line = next(f for f in features if f["geometry"]["type"] == "LineString")
    assert line["geometry"]["coordinates"][0] == [16.352, 49.9443] and len(line["geometry"]["coordinates"]) == 3
    assert "Projekt bez místa" not in _titles(_layer(client, "projekty"))


def test_locality_status_and_reports_only_with_enough_reports(client, reported):
    features = {f["properties"]["title"]: f["properties"] for f in _layer(client, "lokality")}
    assert set(features) == {"Horní Rybník (Rybník)", "Parník (Česká Třebová)"}
    village, hamlet = features["Horní Rybník (Rybník)"], features["Parník (Česká Třebová)"]
    assert village["status"] == "unserved" and village["reports"] == 3
    # One report is too few: no status and no count, whatever that report said.
    assert hamlet["status"] == "unknown" and hamlet["reports"] is None


@pytest.mark.parametrize("layer", ["podnety", "projekty", "lokality"])
@pytest.mark.parametrize("args", [{"municipality": "abc"}, {"grouping": "1 OR 1=1"}, {"municipality": "9" * 12}])
def test_a_malformed_filter_is_a_400_with_a_json_error(client, places, layer, args):
    response = client.get(f"/mapa/{layer}.geojson", query_string=args)
    assert response.status_code == 400 and response.is_json and "error" in response.get_json()


@pytest.mark.parametrize("layer", ["podnety", "projekty", "lokality"])
def test_each_layer_runs_one_query_however_many_places(client, places, count_queries, layer):
    with count_queries() as few:
        client.get(f"/mapa/{layer}.geojson", query_string={"grouping": places["grouping"].id})
    for n in range(5):
        ProposalFactory(municipalities=[places["a"]], latitude=49.9 + n / 100, longitude=16.3)
        ProjectFactory(municipalities=[places["a"]], latitude=49.9, longitude=16.3 + n / 100)
        LocalityFactory(municipality=places["b"], latitude=49.95, longitude=16.4 + n / 100)
    with count_queries() as many:
        response = client.get(f"/mapa/{layer}.geojson", query_string={"grouping": places["grouping"].id})
    assert len(response.get_json()["features"]) > 2
    assert many["n"] == few["n"] <= 2


def test_labels_follow_the_language(client, places):
    client.set_cookie("lang", "en")
    english = _layer(client, "podnety")[0]["properties"]["label"]
    client.set_cookie("lang", "cs")
    czech = _layer(client, "podnety")[0]["properties"]["label"]
    assert (english, czech) == ("Published", "Zveřejněno")
