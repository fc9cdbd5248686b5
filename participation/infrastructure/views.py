"""Shared infrastructure's assets: what municipalities offer for building networks (list, page, forms, exports).

Planned works are in `work_views`, operators' access and joining requests in `request_views`; this module
imports them to register their routes on the blueprint (which lives, with what they share, in `blueprint`).
"""

from flask import render_template, request
from flask_babel import gettext as _
from flask_login import current_user, login_required

from participation.chain.filters import read_filters
from participation.common.access import require
from participation.infrastructure import exports, queries, services
from participation.infrastructure.blueprint import (
    ItemForm,
    asset_or_404,
    bp,
    csv_download,
    geojson_download,
    item_form_page,
    list_page,
    private,
    rules,
    write_limit,
)
from participation.infrastructure.forms import AssetForm
from participation.infrastructure.models import AssetConditions, AssetKind, AssetStatus
from participation.permissions.scopes import scope_of
from participation.territory import geo

from . import request_views, work_views  # noqa: F401  (register their routes on bp)


@bp.get("/infrastruktura")
def assets():
    """Shared infrastructure: what municipalities offer for building networks (kind, municipality, conditions)."""
    filters = read_filters(request.args, kind=AssetKind, conditions=AssetConditions, status=AssetStatus)
    return list_page(queries.assets_statement, filters, "infrastructure/assets.html",
                     "infrastructure/_asset_results.html")


@bp.get("/infrastruktura/<int:asset_id>")
def asset_detail(asset_id: int):
    """An asset: public fields for everyone; name, place, route and contact for operators and staff."""
    asset = asset_or_404(asset_id)
    staff = rules.can_edit_asset(current_user, asset)
    operator_ids = None if staff else scope_of(current_user).operator_ids
    requests = queries.requests_of_asset(asset.id, operator_ids) if current_user.is_authenticated else []
    return private(render_template(
        "infrastructure/asset.html", asset=asset, can_edit=staff, requests=requests,
        sees_positions=rules.sees_positions(current_user, asset.municipality_id),
        route=geo.route_points(asset.route), can_request=rules.can_request_access(current_user, asset)))


def _asset_data(form: AssetForm) -> services.AssetData:
    return services.AssetData(
        kind=AssetKind(form.kind.data), name=form.name.data or "", owner=form.owner.data or "",
        conditions=AssetConditions(form.conditions.data), status=AssetStatus(form.status.data),
        description=form.description.data or "", conditions_note=form.conditions_note.data or "",
        contact=form.contact.data or "", free_capacity=form.free_capacity.data or "",
        cadastral_area=form.cadastral_area.data or "", parcel_number=form.parcel_number.data or "",
        latitude=form.latitude.data, longitude=form.longitude.data, route=form.route.data or [])


ASSET_FORM = ItemForm(create=services.create_asset, update=services.update_asset, data=_asset_data,
                      detail_endpoint="infrastructure.asset_detail", item_key="asset_id",
                      template="infrastructure/asset_form.html")


@bp.route("/infrastruktura/nova", methods=["GET", "POST"])
@login_required
@write_limit
def asset_create():
    """A municipality's staff record an asset it offers."""
    require(rules.can_add(current_user))
    return item_form_page(ASSET_FORM, AssetForm(), None, _("The asset was recorded."))


@bp.route("/infrastruktura/<int:asset_id>/upravit", methods=["GET", "POST"])
@login_required
@write_limit
def asset_edit(asset_id: int):
    """The municipality's staff change an asset."""
    asset = asset_or_404(asset_id)
    require(rules.can_edit_asset(current_user, asset))
    return item_form_page(ASSET_FORM, AssetForm(obj=asset), asset, _("The asset was saved."))


@bp.get("/infrastruktura.csv")
def assets_csv():
    """Assets as CSV: public fields for the public, every field for operators and staff."""
    return csv_download(exports.assets_csv, AssetKind, "infrastruktura.csv")


@bp.get("/infrastruktura.geojson")
def assets_geojson():
    """Assets as GeoJSON: without geometry for the public, exact for operators and staff."""
    return geojson_download(exports.assets_features, AssetKind, "infrastruktura.geojson")
