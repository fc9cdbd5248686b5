"""The map page and the map sections: the lists are the content, the map is drawn over them."""

import re

from participation.extensions import db
from participation.web import content_security_policy, tile_source
from tests.proposals.factories import ProposalFactory


def _html(client, url, **args):
    response = client.get(url, query_string=args)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_map_page_lists_every_layer_with_links_and_coordinates(client, reported):
    client.set_cookie("lang", "en")
    html = _html(client, "/mapa")
    assert html.count("<h1") == 1
    assert f'href="/podnety/{reported["proposal"].id}"' in html and "Optika pro Rybník" in html
    assert 'href="geo:49.94430,16.35200"' in html
    assert "a route of 3 points" in html and "Páteřní síť Třebovsko" in html
    assert "Horní Rybník" in html and "3 current reports" in html
    for hidden in ("Rozepsaný podnět", "Skrytý podnět o skládce", "Stažený podnět", "Podnět bez místa", "Lhotka"):
        assert hidden not in html
    # The map itself waits hidden for JavaScript, with the layers' addresses and no tile server in tests.
    assert re.search(r'<div class="map-box" id="map-main" data-map-view hidden', html)
    assert 'data-source-proposals="/mapa/podnety.geojson"' in html and 'data-tiles=""' in html
    assert "<script>" not in html and "js/leaflet.js" in html and "js/map.js" in html


def test_map_page_filters_by_layer_and_place(client, places):
    html = _html(client, "/mapa", layer="projects", municipality=places["c"].id)
    assert "Sběrný dvůr Králíky" in html
    assert "Páteřní síť Třebovsko" not in html and "Chodník v Králíkách" not in html
    assert f'data-source-projects="/mapa/projekty.geojson?municipality={places["c"].id}"' in html
    assert 'value="projects" data-layer-toggle="projects" data-map-target="map-main" checked' in html
    # A malformed filter is dropped, never an error.
    assert "Optika pro Rybník" in _html(client, "/mapa", municipality="abc", layer="nothing")


def test_municipality_and_grouping_pages_show_their_map_and_places(client, places):
    client.set_cookie("lang", "en")
    html = _html(client, f"/obce/{places['c'].code}")
    section = html[html.index(f'id="municipality-{places["c"].id}-map"'):]
    assert "Chodník v Králíkách" in section and "Sběrný dvůr Králíky" in section
    assert "Optika pro Rybník" not in section
    assert f'data-source-localities="/mapa/lokality.geojson?municipality={places["c"].id}"' in section
    assert f'href="/mapa?municipality={places["c"].id}"' in section
    html = _html(client, f"/seskupeni/{places['grouping'].id}")
    section = html[html.index(f'id="grouping-{places["grouping"].id}-map"'):]
    assert "Optika pro Rybník" in section and "Horní Rybník" in section and "Chodník v Králíkách" not in section


def test_a_municipality_without_places_says_so_and_draws_no_map(client, places):
    client.set_cookie("lang", "en")
    from tests.factories import MunicipalityFactory

    empty = MunicipalityFactory(name="Prázdná Lhota")
    html = _html(client, f"/obce/{empty.code}")
    assert "Nothing here has a place on the map yet." in html and f'id="municipality-{empty.id}-map-map"' not in html


def test_pages_run_a_fixed_number_of_queries(client, places, count_queries):
    pages = ["/mapa", f"/obce/{places['a'].code}", f"/seskupeni/{places['grouping'].id}"]
    # One proposal first: a section's batch queries (photos of the cards, their counts) run once it has rows.
    ProposalFactory(municipalities=[places["a"], places["b"]], latitude=49.89, longitude=16.3)
    few = {}
    db.session.expunge_all()
    for page in pages:
        with count_queries() as counter:
            client.get(page)
        few[page] = counter["n"]
    both = [db.session.merge(places["a"]), db.session.merge(places["b"])]  # the session was emptied above
    for n in range(5):
        ProposalFactory(municipalities=both, latitude=49.9 + n / 100, longitude=16.3)
    db.session.expunge_all()  # the proposals made above stay in the test's session, expired; a request loads afresh
    for page in pages:
        with count_queries() as counter:
            client.get(page)
        assert counter["n"] == few[page], page


def test_tile_server_is_allowed_for_images_only_when_set(app):
    assert tile_source("") is None and tile_source("javascript:alert(1)") is None
    assert tile_source("https://tile.openstreetmap.org/{z}/{x}/{y}.png") == "https://tile.openstreetmap.org"
    assert tile_source("https://{s}.tiles.example.cz/{z}/{x}/{y}.png") == "https://*.tiles.example.cz"
    policy = content_security_policy("https://tile.openstreetmap.org/{z}/{x}/{y}.png")
    assert "img-src 'self' data: https://tile.openstreetmap.org;" in policy and "script-src 'self';" in policy
    assert "img-src 'self' data:;" in content_security_policy("")


def test_pages_answer_with_the_policy_of_the_configured_tiles(client, tmp_path):
    from config import TestConfig
    from participation import create_app

    assert "img-src 'self' data:;" in client.get("/mapa").headers["Content-Security-Policy"]

    class WithTiles(TestConfig):
        MAP_TILE_URL = "https://tiles.example.cz/{z}/{x}/{y}.png"
        INSTANCE_DIR = str(tmp_path)

    other = create_app(WithTiles).test_client()
    policy = other.get("/no-such-page").headers["Content-Security-Policy"]
    assert "img-src 'self' data: https://tiles.example.cz;" in policy


def test_a_long_list_says_it_is_cut_short(client, places, monkeypatch):
    from participation.map import views

    client.set_cookie("lang", "en")
    monkeypatch.setattr(views, "PAGE_LIMIT", 1)
    html = _html(client, "/mapa", layer="proposals")
    assert "Only the first 1 places of a kind are listed" in html
    assert len(re.findall(r'href="/podnety/\d+"', html)) == 1
    monkeypatch.setattr(views, "PAGE_LIMIT", 500)
    assert "Only the first" not in _html(client, "/mapa", layer="proposals")
