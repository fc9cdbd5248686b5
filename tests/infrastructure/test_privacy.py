"""Exact positions (points, routes, parcel numbers, asset names) never reach a visitor or a resident."""

import json

import pytest

from participation.infrastructure import services
from tests.infrastructure.conftest import DUCT_ROUTE, MAST_POINT

SECRETS = [f"{DUCT_ROUTE[0][0]:.4f}", f"{DUCT_ROUTE[1][1]:.4f}", f"{MAST_POINT[0]:.4f}", f"{MAST_POINT[1]:.4f}",
           "Chránička podél Dukelské", "Stožár u vodojemu", "1234/5"]


@pytest.fixture
def parcel(world, infra):
    from participation.infrastructure.models import AssetKind
    from tests.infrastructure.conftest import asset_data

    return services.create_asset(world["moderator"], world["a"], asset_data(
        kind=AssetKind.PARCEL, name="Pozemek u hřiště", free_capacity="", route=[], latitude=49.9722,
        longitude=16.3999, cadastral_area="Ústí nad Orlicí", parcel_number="1234/5"))


def _urls(world, infra, parcel) -> list[tuple[str, dict]]:
    plain, fragment = {}, {"HX-Request": "true"}
    code, municipality = world["a"].code, world["a"].id
    return [
        ("/infrastruktura", plain), ("/infrastruktura", fragment), (f"/infrastruktura?municipality={municipality}",
                                                                     fragment),
        (f"/infrastruktura/{infra['duct'].id}", plain), (f"/infrastruktura/{infra['mast'].id}", plain),
        (f"/infrastruktura/{parcel.id}", plain),
        ("/stavby", plain), ("/stavby", fragment), (f"/stavby/{infra['work'].id}", plain),
        ("/infrastruktura.csv", plain), ("/infrastruktura.geojson", plain), ("/stavby.csv", plain),
        ("/stavby.geojson", plain), ("/mapa", plain), ("/mapa/infrastruktura.geojson", plain),
        ("/mapa/stavby.geojson", plain), (f"/mapa/infrastruktura.geojson?municipality={municipality}", plain),
        (f"/obce/{code}", plain), (f"/api/v1/municipalities/{code}", plain), ("/api/v1/projects", plain),
        ("/api/v1/localities", plain),
    ]


@pytest.mark.parametrize("who", ["visitor", "resident"])
def test_no_exact_position_reaches_a_visitor_or_a_resident(client, world, infra, parcel, login, who):
    if who == "resident":
        login(world["resident"])
    for url, headers in _urls(world, infra, parcel):
        response = client.get(url, headers=headers)
        assert response.status_code == 200, url
        body = response.get_data(as_text=True)
        for secret in SECRETS:
            assert secret not in body, (url, secret)


def test_the_public_geojson_has_kind_municipality_and_conditions_but_no_geometry(client, world, infra):
    features = json.loads(client.get("/mapa/infrastruktura.geojson").data)["features"]
    assert features and all(feature["geometry"] is None for feature in features)
    assert {f["properties"]["kind"] for f in features} == {"duct", "mast", "rooftop"}
    assert {f["properties"]["conditions"] for f in features} >= {"on_request", "priced"}
    assert all(f["properties"]["municipality"] == world["a"].name for f in features)
    response = client.get("/mapa/infrastruktura.geojson")
    assert "Cookie" in response.headers["Vary"] and "no-store" in response.headers["Cache-Control"]


@pytest.mark.parametrize("who", ["staff", "moderator"])
def test_operators_and_the_municipalitys_staff_get_exact_positions(client, world, operators, infra, login, who):
    login(operators["staff"] if who == "staff" else world["moderator"])
    features = json.loads(client.get("/infrastruktura.geojson").data)["features"]
    mast = next(f for f in features if f["properties"]["kind"] == "mast")
    assert mast["geometry"] == {"type": "Point", "coordinates": [MAST_POINT[1], MAST_POINT[0]]}
    duct = next(f for f in features if f["properties"]["kind"] == "duct")
    assert duct["geometry"]["type"] == "LineString" and len(duct["geometry"]["coordinates"]) == 3
    csv = client.get("/infrastruktura.csv").get_data(as_text=True)
    assert "Chránička podél Dukelské" in csv and f"{MAST_POINT[0]:.4f}" in csv
    page = client.get(f"/stavby/{infra['work'].id}").get_data(as_text=True)
    assert f"{DUCT_ROUTE[0][0]:.6f}" in page


def test_a_moderator_elsewhere_gets_public_fields_for_this_municipality(client, world, infra, login):
    login(world["moderator_out"])
    features = json.loads(client.get("/infrastruktura.geojson").data)["features"]
    assert all(feature["geometry"] is None and "name" not in feature["properties"] for feature in features)
    body = client.get(f"/infrastruktura/{infra['mast'].id}").get_data(as_text=True)
    assert f"{MAST_POINT[0]:.4f}" not in body
