"""The map page (/mapa), its GeoJSON layers, and the map sections of municipality and grouping pages.

The page is a list of places first: without JavaScript (or without tiles) the
lists are the content; static/js/map.js draws the same places from the
GeoJSON layers on a Leaflet map above them.
"""

import json

from flask import Blueprint, Response, current_app, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from participation.chain.filters import ListFilters, read_filters
from participation.infrastructure import exports as infrastructure_exports
from participation.infrastructure.forms import ASSET_KIND_LABELS, CONDITION_LABELS, WORK_STATUS_LABELS
from participation.localities.forms import STATUS_LABELS as LOCALITY_STATUS_LABELS
from participation.map import queries
from participation.projects.forms import KIND_LABELS as PROJECT_KIND_LABELS
from participation.projects.forms import STATUS_LABELS as PROJECT_STATUS_LABELS
from participation.proposals.labels import CATEGORY_LABELS
from participation.proposals.labels import STATUS_LABELS as PROPOSAL_STATUS_LABELS
from participation.territory import services as territory_services

bp = Blueprint("map", __name__, url_prefix="/mapa")
GEOJSON = "application/geo+json"
# Places listed in a municipality's or grouping's map section, a layer; the map page lists more.
SECTION_LIMIT = 20
PAGE_LIMIT = 500
# A municipality's page has its own shared-infrastructure section: its map section keeps to these.
SECTION_LAYERS = ("proposals", "projects", "localities")
LAYER_ADDRESSES = {"proposals": "podnety", "projects": "projekty", "localities": "lokality",
                   "assets": "infrastruktura", "works": "stavby"}


@bp.record_once
def _register_template_globals(state) -> None:
    state.app.jinja_env.globals.update(
        map_settings=map_settings, map_section_limit=SECTION_LIMIT, map_layer_sources=layer_sources, map_layer_labels=layer_labels,
        map_places_of_municipality=lambda municipality: queries.places(
            ListFilters(municipality_id=municipality.id), SECTION_LAYERS, SECTION_LIMIT),
        map_places_of_grouping=lambda grouping: queries.places(
            ListFilters(grouping_id=grouping.id), SECTION_LAYERS, SECTION_LIMIT),
        map_category_labels=CATEGORY_LABELS, map_proposal_status_labels=PROPOSAL_STATUS_LABELS,
        map_project_status_labels=PROJECT_STATUS_LABELS, map_project_kind_labels=PROJECT_KIND_LABELS,
        map_locality_status_labels=LOCALITY_STATUS_LABELS, map_asset_kind_labels=ASSET_KIND_LABELS,
        map_asset_condition_labels=CONDITION_LABELS, map_work_status_labels=WORK_STATUS_LABELS,
    )


def map_settings() -> dict:
    """What static/js/map.js needs besides the layers: the tiles and the marker images (data-* attributes)."""
    static = lambda name: url_for("static", filename=name)  # noqa: E731
    return {
        "data-tiles": current_app.config.get("MAP_TILE_URL") or "",
        "data-attribution": current_app.config.get("MAP_TILE_ATTRIBUTION") or "",
        "data-icon": static("css/images/marker-icon.png"),
        "data-icon-2x": static("css/images/marker-icon-2x.png"),
        "data-shadow": static("css/images/marker-shadow.png"),
    }


def layer_labels() -> dict:
    return {"proposals": _("Proposals"), "projects": _("Projects"), "localities": _("Connection of localities"),
            "assets": _("Shared infrastructure"), "works": _("Planned civil works")}


def layer_sources(municipality_id: int | None = None, grouping_id: int | None = None) -> dict:
    """Each layer's GeoJSON address, filtered like the page."""
    args = {key: value for key, value in (("municipality", municipality_id), ("grouping", grouping_id)) if value}
    return {layer: url_for(f"map.{layer}_geojson", **args) for layer in queries.LAYERS}


def _chosen_layers(args) -> tuple[str, ...]:
    chosen = tuple(layer for layer in queries.LAYERS if layer in args.getlist("layer"))
    return chosen or queries.LAYERS


@bp.get("")
def index():
    """The map of proposals, projects, localities, shared infrastructure and works, with the same places as lists."""
    filters = read_filters(request.args)
    layers = _chosen_layers(request.args)
    municipalities, groupings = territory_services.filter_choices()
    places = queries.places(filters, layers, PAGE_LIMIT)
    return render_template(
        "map/index.html", filters=filters, layers=layers, places=places, limit=PAGE_LIMIT,
        municipalities=municipalities, groupings=groupings,
        sources=layer_sources(filters.municipality_id, filters.grouping_id),
    )


# ----- GeoJSON layers -----


def _feature(geometry: dict, properties: dict) -> dict:
    return {"type": "Feature", "geometry": geometry, "properties": properties}


def _point(latitude: float, longitude: float) -> dict:
    return {"type": "Point", "coordinates": [longitude, latitude]}


def _layer(reader, to_features) -> Response:
    """A layer as a GeoJSON FeatureCollection; a malformed filter is a 400 with a JSON error."""
    filters = read_filters(request.args)
    if filters.unknown:
        body = {"error": _("A municipality or grouping in the address is not a number.")}
        return Response(json.dumps(body, ensure_ascii=False), status=400, mimetype="application/json")
    body = {"type": "FeatureCollection", "features": to_features(reader(filters))}
    response = Response(json.dumps(body, ensure_ascii=False, separators=(",", ":")), mimetype=GEOJSON)
    response.vary.add("Accept-Language")  # the labels follow the language
    return response


def proposal_features(places) -> list:
    return [_feature(_point(p.latitude, p.longitude), {
        "layer": "proposals", "id": p.id, "title": p.title,
        "url": url_for("proposals.detail", proposal_id=p.id),
        "status": p.status.value, "label": str(PROPOSAL_STATUS_LABELS[p.status]),
        "category": str(CATEGORY_LABELS.get(p.category, p.category)),
    }) for p in places]


def project_features(places) -> list:
    features = []
    for p in places:
        properties = {"layer": "projects", "id": p.id, "title": p.title,
                      "url": url_for("projects.detail", project_id=p.id), "status": str(p.status),
                      "label": str(PROJECT_STATUS_LABELS.get(p.status, p.status)),
                      "kind": str(p.kind), "kind_label": str(PROJECT_KIND_LABELS.get(p.kind, p.kind))}
        if p.route:
            route = {"type": "LineString", "coordinates": [[lon, lat] for lat, lon in p.route]}
            features.append(_feature(route, properties))
        if p.has_point:
            features.append(_feature(_point(p.latitude, p.longitude), properties))
    return features


def locality_features(places) -> list:
    return [_feature(_point(p.latitude, p.longitude), {
        "layer": "localities", "id": p.id, "title": f"{p.name} ({p.municipality})",
        "url": url_for("localities.detail", locality_id=p.id),
        "status": p.status.value, "label": str(LOCALITY_STATUS_LABELS[p.status]),
        "reports": p.report_count, "dwellings": p.dwellings,
    }) for p in places]


@bp.get("/podnety.geojson")
def proposals_geojson():
    """Public proposals with a place, as GeoJSON points."""
    return _layer(queries.proposals, proposal_features)


@bp.get("/projekty.geojson")
def projects_geojson():
    """Projects as GeoJSON: their routes as lines, their places as points."""
    return _layer(queries.projects, project_features)


@bp.get("/lokality.geojson")
def localities_geojson():
    """Localities with a place and their connection status (unknown until enough reports)."""
    return _layer(queries.localities, locality_features)


def _infrastructure_layer(features) -> Response:
    """An infrastructure layer: exact geometry only for operators and staff, so never kept by a shared cache."""
    filters = read_filters(request.args)
    if filters.unknown:
        body = {"error": _("A municipality or grouping in the address is not a number.")}
        return Response(json.dumps(body, ensure_ascii=False), status=400, mimetype="application/json")
    body = {"type": "FeatureCollection", "features": features(filters, current_user)}
    response = Response(json.dumps(body, ensure_ascii=False, separators=(",", ":")), mimetype=GEOJSON)
    response.vary.add("Accept-Language")
    response.vary.add("Cookie")
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/infrastruktura.geojson")
def assets_geojson():
    """Shared infrastructure: kind, municipality and conditions for everyone, the place for operators and staff."""
    return _infrastructure_layer(infrastructure_exports.assets_features)


@bp.get("/stavby.geojson")
def works_geojson():
    """Planned works: dates and deadline for everyone, the route for operators and staff."""
    return _infrastructure_layer(infrastructure_exports.works_features)
