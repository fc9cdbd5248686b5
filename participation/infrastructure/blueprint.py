"""Shared infrastructure's blueprint, its loaders, the template globals other pages use, and what the asset and
planned works pages share (the create and edit form, private answers, exports).

Views live in `views` (assets), `work_views` (planned works) and `request_views` (operators' access and
joining requests); `views` imports the other two to register them. Exact positions reach a page, a fragment,
an export or the map only when permissions.infrastructure.sees_positions says so; everyone else sees the
kind, the municipality and the conditions.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass

from flask import Blueprint, Response, abort, current_app, make_response, request
from flask_babel import gettext as _
from flask_login import current_user

from participation import permissions
from participation.chain.filters import read_filters
from participation.chain.views import write_rate_limit
from participation.common.errors import Invalid
from participation.common.form_pages import done, form_page, load_or_404
from participation.common.htmx import render_page_or_fragment
from participation.common.pagination import page_from_request, paginate
from participation.extensions import db
from participation.infrastructure import exports, inbox, queries
from participation.infrastructure.forms import (
    ASSET_KIND_LABELS,
    ASSET_STATUS_LABELS,
    CONDITION_LABELS,
    REQUEST_STATE_LABELS,
    WORK_KIND_LABELS,
    WORK_STATUS_LABELS,
    municipalities_in_scope,
)
from participation.territory import geo
from participation.territory import services as territory_services
from participation.territory.models import Municipality

bp = Blueprint("infrastructure", __name__)
write_limit = write_rate_limit()
rules = permissions.infrastructure
GEOJSON = "application/geo+json"


@bp.record_once
def _register_template_globals(state) -> None:
    state.app.jinja_env.globals.update(
        asset_kind_labels=ASSET_KIND_LABELS, asset_condition_labels=CONDITION_LABELS,
        asset_status_labels=ASSET_STATUS_LABELS, work_kind_labels=WORK_KIND_LABELS,
        work_status_labels=WORK_STATUS_LABELS, infrastructure_request_labels=REQUEST_STATE_LABELS,
        infrastructure_of_municipality=_municipality_section, infrastructure_waiting=_inbox_section,
        route_points=geo.route_points)


def _municipality_section(municipality) -> dict:
    """A municipality's page: its assets (public fields), planned works and the yearly summary of requests."""
    return {"assets": queries.assets_of_municipality(municipality.id),
            "works": queries.open_works_of_municipality(municipality.id),
            "summary": queries.yearly_summary(municipality.id)}


def _inbox_section() -> list:
    return inbox.waiting(current_user) if current_user.is_authenticated else []


def private(response):
    """What depends on who reads it is never kept by a shared cache."""
    response = make_response(response)
    response.headers["Cache-Control"] = "private, no-store"
    response.vary.add("Cookie")
    return response


def list_page(statement, filters, page: str, fragment: str):
    """A filtered page of assets or planned works (for htmx, only the results)."""
    results = paginate(statement(filters), page_from_request(), current_app.config["PER_PAGE"])
    municipalities, groupings = territory_services.filter_choices()
    return private(render_page_or_fragment(
        page, fragment, results_page=results, filters=filters.as_context(), municipalities=municipalities,
        groupings=groupings, can_add=rules.can_add(current_user)))


def asset_or_404(asset_id: int):
    return load_or_404(queries.load_asset(asset_id))


def work_or_404(work_id: int):
    return load_or_404(queries.load_work(work_id))


# ----- the asset and planned works forms -----

@dataclass(frozen=True)
class ItemForm:
    """What the asset and the planned works forms differ in: services, form data, pages."""

    create: Callable  # (user, municipality, data) -> the new item
    update: Callable  # (user, item, data)
    data: Callable  # (form) -> the services' data
    detail_endpoint: str
    item_key: str  # the detail endpoint's argument, and the template's name for the item
    template: str


def _chosen_municipality(form):
    """The municipality a new item is recorded in, if the user acts for it."""
    municipality = db.session.get(Municipality, form.municipality.data) if form.municipality.data else None
    if municipality is None or not rules.can_manage(current_user, municipality.id):
        raise Invalid({"municipality": _("You do not act for this municipality: choose one you work for.")})
    return municipality


def _preselect(form) -> None:
    """`?obec=<code>` chooses the municipality of a new item."""
    if request.method == "GET" and request.args.get("obec"):
        code = request.args.get("obec", "")[:6]
        municipality_id = db.session.scalar(db.select(Municipality.id).where(Municipality.code == code))
        if municipality_id is not None:
            form.municipality.data = municipality_id


def item_form_page(kind: ItemForm, form, item, message):
    """Create (`item` None, in a municipality the user acts for) or change an asset or planned works."""
    if item is None:
        form.municipality.choices = municipalities_in_scope(current_user)
        _preselect(form)
    else:
        form.municipality.choices = [(item.municipality_id, item.municipality.name)]
        form.municipality.data = item.municipality_id

    def save():
        if item is None:
            return kind.create(current_user, _chosen_municipality(form), kind.data(form))
        kind.update(current_user, item, kind.data(form))
        return item

    return form_page(form, save, lambda saved: done(message, kind.detail_endpoint, **{kind.item_key: saved.id}),
                     kind.template, **{kind.item_key.removesuffix("_id"): item})


# ----- exports -----

def _filters_or_400(kind):
    filters = read_filters(request.args, kind=kind)
    if filters.unknown:
        abort(400)
    return filters


def _download(body: str, mimetype: str, name: str):
    """An export as a file, in the reader's language and for their eyes only."""
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.vary.add("Accept-Language")
    return private(response)


def csv_download(write: Callable, kind, name: str):
    """`write(filters, user)`'s CSV of the items of the chosen kinds (400 for a kind that does not exist)."""
    return _download(write(_filters_or_400(kind), current_user), "text/csv", name)


def geojson_download(features: Callable, kind, name: str):
    """`features(filters, user)` as a GeoJSON feature collection (400 for a kind that does not exist)."""
    body = exports.feature_collection(features(_filters_or_400(kind), current_user))
    return _download(json.dumps(body, ensure_ascii=False, separators=(",", ":")), GEOJSON, name)
