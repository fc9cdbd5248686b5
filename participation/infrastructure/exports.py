"""Assets and planned works as rows (CSV) and features (GeoJSON, the map), public or full per reader.

The public gets the kind, the municipality and the conditions (for works also
the title, the dates and the deadline for joining) and a feature without a
geometry. Operators' staff and the municipality's staff get every field,
the exact point and the route. The rule is asked per row
(permissions.infrastructure.sees_positions), so a moderator's export is full
for their municipalities and public for the others.
"""

import csv
import io

from flask import url_for

from participation.extensions import db
from participation.infrastructure.forms import (
    ASSET_KIND_LABELS,
    ASSET_STATUS_LABELS,
    CONDITION_LABELS,
    WORK_KIND_LABELS,
    WORK_STATUS_LABELS,
)
from participation.infrastructure.models import Asset, PlannedWork
from participation.infrastructure.queries import MAX_EXPORT, assets_statement, works_statement
from participation.permissions import infrastructure as rules
from participation.territory import geo
from participation.territory.models import Municipality

ASSET_PUBLIC = ("id", "kind", "kind_label", "municipality", "municipality_code", "conditions", "conditions_label",
                "status", "status_label", "owner", "free_capacity", "url")
ASSET_FULL = (*ASSET_PUBLIC, "name", "conditions_note", "contact", "cadastral_area", "parcel_number",
              "latitude", "longitude", "route")
WORK_PUBLIC = ("id", "kind", "kind_label", "title", "municipality", "municipality_code", "status", "status_label",
               "starts_on", "ends_on", "joining_deadline", "contact", "url")
WORK_FULL = (*WORK_PUBLIC, "route")


def _asset_rows(filters_statement, user):
    rows = db.session.execute(filters_statement.with_only_columns(Asset, Municipality.name, Municipality.code)
                              .limit(MAX_EXPORT)).all()
    for asset, municipality, code in rows:
        row = {"id": asset.id, "kind": asset.kind.value, "kind_label": str(ASSET_KIND_LABELS[asset.kind]),
               "municipality": municipality, "municipality_code": code, "conditions": asset.conditions.value,
               "conditions_label": str(CONDITION_LABELS[asset.conditions]), "status": asset.status.value,
               "status_label": str(ASSET_STATUS_LABELS[asset.status]), "owner": asset.owner,
               "free_capacity": asset.free_capacity,
               "url": url_for("infrastructure.asset_detail", asset_id=asset.id, _external=True)}
        full = rules.sees_positions(user, asset.municipality_id)
        if full:
            row.update(name=asset.name, conditions_note=asset.conditions_note, contact=asset.contact,
                       cadastral_area=asset.cadastral_area, parcel_number=asset.parcel_number,
                       latitude=asset.latitude, longitude=asset.longitude,
                       route=geo.route_geometry(asset.route))
        yield row, full


def _work_rows(filters_statement, user):
    rows = db.session.execute(filters_statement.with_only_columns(PlannedWork, Municipality.name, Municipality.code)
                              .join(Municipality, Municipality.id == PlannedWork.municipality_id)
                              .limit(MAX_EXPORT)).all()
    for work, municipality, code in rows:
        row = {"id": work.id, "kind": work.kind.value, "kind_label": str(WORK_KIND_LABELS[work.kind]),
               "title": work.title, "municipality": municipality, "municipality_code": code,
               "status": work.status.value, "status_label": str(WORK_STATUS_LABELS[work.status]),
               "starts_on": work.starts_on.isoformat(), "ends_on": work.ends_on.isoformat() if work.ends_on else "",
               "joining_deadline": work.joining_deadline.isoformat(), "contact": work.contact,
               "url": url_for("infrastructure.work_detail", work_id=work.id, _external=True)}
        full = rules.sees_positions(user, work.municipality_id)
        if full:
            row["route"] = geo.route_geometry(work.route)
        yield row, full


def _csv(rows, columns) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    for row, _full in rows:
        if row.get("route") is not None:
            row = {**row, "route": "; ".join(f"{lat:.6f} {lon:.6f}" for lon, lat in row["route"]["coordinates"])}
        writer.writerow({name: "" if row.get(name) is None else row.get(name) for name in columns})
    return "\ufeff" + buffer.getvalue()  # a BOM: spreadsheets read the Czech letters right


def assets_csv(filters, user) -> str:
    columns = ASSET_FULL if rules.can_export_full(user) else ASSET_PUBLIC
    return _csv(_asset_rows(assets_statement(filters), user), columns)


def works_csv(filters, user) -> str:
    columns = WORK_FULL if rules.can_export_full(user) else WORK_PUBLIC
    return _csv(_work_rows(works_statement(filters), user), columns)


def _features(rows, layer: str) -> list:
    features = []
    for row, full in rows:
        geometry = None
        if full:
            route = row.pop("route", None)
            latitude, longitude = row.pop("latitude", None), row.pop("longitude", None)
            if route:
                geometry = route
            elif latitude is not None and longitude is not None:
                geometry = {"type": "Point", "coordinates": [longitude, latitude]}
        properties = {**row, "layer": layer, "title": row.get("title") or row.get("name") or
                      f"{row['kind_label']} · {row['municipality']}", "label": row["status_label"]}
        features.append({"type": "Feature", "geometry": geometry, "properties": properties})
    return features


def assets_features(filters, user) -> list:
    return _features(_asset_rows(assets_statement(filters), user), "assets")


def works_features(filters, user) -> list:
    return _features(_work_rows(works_statement(filters), user), "works")


def feature_collection(features) -> dict:
    return {"type": "FeatureCollection", "features": features}
