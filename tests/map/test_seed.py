"""The demo data puts proposals and a fibre backbone's route on the map."""

from sqlalchemy import select

from participation.admin import seed as admin_seed
from participation.agreements import seed as agreements_seed
from participation.extensions import db
from participation.projects import seed as projects_seed
from participation.projects.models import Project, ProjectKind
from participation.proposals.demo_data import PROPOSALS
from participation.territory import geo
from participation.territory import seed as territory_seed


def test_demo_proposals_have_places_in_czechia():
    places = [spec["place"] for spec in PROPOSALS if spec.get("place")]
    assert len(places) >= 5
    assert all(geo.inside_czechia(*place) for place in places)


def test_demo_fibre_backbone_has_a_route_on_the_map(app, client):
    context = {"logins": []}
    for module in (territory_seed, admin_seed, agreements_seed, projects_seed):
        module.seed(context)
    backbone = db.session.scalar(select(Project).where(Project.kind == ProjectKind.FIBRE_BACKBONE))
    assert len(geo.route_points(backbone.route)) == 7
    features = client.get("/mapa/projekty.geojson").get_json()["features"]
    lines = [f for f in features if f["geometry"]["type"] == "LineString"]
    assert [f["properties"]["id"] for f in lines] == [backbone.id]
