"""Shared infrastructure: assets and planned works (lists, pages, forms), operators' requests, exports.

Exact positions reach a page, a fragment, an export or the map only when
permissions.infrastructure.sees_positions says so; everyone else sees the
kind, the municipality and the conditions.
"""

import json

from flask import Blueprint, Response, abort, current_app, flash, make_response, render_template, request
from flask_babel import gettext as _
from flask_login import current_user, login_required

from participation import permissions
from participation.chain.filters import read_filters
from participation.chain.views import item_or_404, write_rate_limit
from participation.common.access import require
from participation.common.formats import day
from participation.common.htmx import redirect_to, render_page_or_fragment
from participation.common.pagination import page_from_request, paginate
from participation.extensions import db
from participation.infrastructure import exports, inbox, queries, services
from participation.infrastructure.forms import (
    ASSET_KIND_LABELS,
    ASSET_STATUS_LABELS,
    CONDITION_LABELS,
    REQUEST_STATE_LABELS,
    WORK_KIND_LABELS,
    WORK_STATUS_LABELS,
    AccessForm,
    AnswerForm,
    AssetForm,
    FinishForm,
    JoinForm,
    WorkForm,
    municipalities_in_scope,
)
from participation.infrastructure.models import (
    AssetConditions,
    AssetKind,
    AssetStatus,
    WorkKind,
    WorkStatus,
)
from participation.localities.models import Locality
from participation.localities.services import Invalid
from participation.permissions.scopes import scope_of
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


def _refused(form, invalid: Invalid) -> None:
    for name, message in invalid.errors.items():
        target = form[name] if name in form else None
        if target is None:
            form.form_errors.append(message)
        else:
            target.errors = [*target.errors, message]


def _private(response):
    """What depends on who reads it is never kept by a shared cache."""
    response = make_response(response)
    response.headers["Cache-Control"] = "private, no-store"
    response.vary.add("Cookie")
    return response


def _status(form) -> int:
    return 422 if form.errors or form.form_errors else 200


# ----- assets -----

@bp.get("/infrastruktura")
def assets():
    """Shared infrastructure: what municipalities offer for building networks (kind, municipality, conditions)."""
    filters = read_filters(request.args, kind=AssetKind, conditions=AssetConditions, status=AssetStatus)
    page = paginate(queries.assets_statement(filters), page_from_request(), current_app.config["PER_PAGE"])
    municipalities, groupings = territory_services.filter_choices()
    return _private(render_page_or_fragment(
        "infrastructure/assets.html", "infrastructure/_asset_results.html", results_page=page,
        filters=filters.as_context(), municipalities=municipalities, groupings=groupings,
        can_add=rules.can_add(current_user)))


@bp.get("/infrastruktura/<int:asset_id>")
def asset_detail(asset_id: int):
    """An asset: public fields for everyone; name, place, route and contact for operators and staff."""
    asset = item_or_404(queries.load_asset(asset_id))
    staff = rules.can_edit_asset(current_user, asset)
    operator_ids = None if staff else scope_of(current_user).operator_ids
    requests = queries.requests_of_asset(asset.id, operator_ids) if current_user.is_authenticated else []
    return _private(render_template(
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


def _chosen_municipality(form):
    municipality = db.session.get(Municipality, form.municipality.data) if form.municipality.data else None
    if municipality is None or not rules.can_manage(current_user, municipality.id):
        form.municipality.errors = [*form.municipality.errors,
                                    _("You do not act for this municipality: choose one you work for.")]
        return None
    return municipality


def _preselect(form) -> None:
    if request.method == "GET" and request.args.get("obec"):
        code = request.args.get("obec", "")[:6]
        municipality_id = db.session.scalar(db.select(Municipality.id).where(Municipality.code == code))
        if municipality_id is not None:
            form.municipality.data = municipality_id


def _saved(form, item, create, update, data):
    """Create (`item` None, in the chosen municipality) or update from a valid form; None with the refusals
    next to the fields."""
    if not form.validate_on_submit():
        return None
    try:
        if item is None:
            municipality = _chosen_municipality(form)
            return create(current_user, municipality, data(form)) if municipality else None
        update(current_user, item, data(form))
        return item
    except Invalid as invalid:
        db.session.rollback()
        _refused(form, invalid)
        return None


def _save_asset(form, asset):
    return _saved(form, asset, services.create_asset, services.update_asset, _asset_data)


@bp.route("/infrastruktura/nova", methods=["GET", "POST"])
@login_required
@write_limit
def asset_create():
    """A municipality's staff record an asset it offers."""
    require(rules.can_add(current_user))
    form = AssetForm()
    form.municipality.choices = municipalities_in_scope(current_user)
    _preselect(form)
    saved = _save_asset(form, None)
    if saved is not None:
        flash(_("The asset was recorded."), "success")
        return redirect_to("infrastructure.asset_detail", asset_id=saved.id)
    return render_template("infrastructure/asset_form.html", form=form, asset=None), _status(form)


@bp.route("/infrastruktura/<int:asset_id>/upravit", methods=["GET", "POST"])
@login_required
@write_limit
def asset_edit(asset_id: int):
    """The municipality's staff change an asset."""
    asset = item_or_404(queries.load_asset(asset_id))
    require(rules.can_edit_asset(current_user, asset))
    form = AssetForm(obj=asset)
    form.municipality.choices = [(asset.municipality_id, asset.municipality.name)]
    form.municipality.data = asset.municipality_id
    saved = _save_asset(form, asset)
    if saved is not None:
        flash(_("The asset was saved."), "success")
        return redirect_to("infrastructure.asset_detail", asset_id=asset.id)
    return render_template("infrastructure/asset_form.html", form=form, asset=asset), _status(form)


# ----- access requests -----

@bp.route("/infrastruktura/zadosti/nova", methods=["GET", "POST"])
@login_required
@write_limit
def access_create():
    """An operator's staff ask for access to an asset or a parcel."""
    require(rules.can_request_access(current_user))
    operators = queries.operators_of(scope_of(current_user).operator_ids)
    form = AccessForm()
    form.asset.choices = queries.shareable_assets()
    form.operator.choices = [(o.id, o.name) for o in operators]
    form.localities.choices = queries.localities_for(operators)
    if request.method == "GET" and request.args.get("asset", "").isdigit():
        form.asset.data = int(request.args["asset"])
    if form.validate_on_submit():
        operator = next((o for o in operators if o.id == form.operator.data), None)
        allowed = {choice[0] for choice in form.localities.choices}
        localities = list(db.session.scalars(db.select(Locality).where(
            Locality.id.in_([i for i in form.localities.data or [] if i in allowed]))))
        try:
            saved = services.request_access(current_user, operator, queries.load_asset(form.asset.data),
                                            services.AccessData(form.purpose.data, form.timetable.data or "",
                                                                localities))
        except Invalid as invalid:
            db.session.rollback()
            _refused(form, invalid)
        else:
            flash(_("Your request was sent. The municipality answers by %(date)s.",
                    date=day(saved.due_on)), "success")
            return redirect_to("infrastructure.access_detail", request_id=saved.id)
    return render_template("infrastructure/access_form.html", form=form), _status(form)


def _access_or_404(request_id: int):
    return item_or_404(queries.load_access_request(request_id), rules.can_view_access_request)


@bp.get("/infrastruktura/zadosti/<int:request_id>")
@login_required
def access_detail(request_id: int):
    """An access request: for the asking operator's staff and the municipality's staff."""
    access = _access_or_404(request_id)
    return _private(render_template("infrastructure/access.html", access=access,
                                    can_answer=rules.can_answer_access_request(current_user, access),
                                    can_agree=rules.can_make_agreement(current_user, access)))


@bp.route("/infrastruktura/zadosti/<int:request_id>/odpoved", methods=["GET", "POST"])
@login_required
@write_limit
def access_answer(request_id: int):
    """The municipality's staff agree (with conditions) or refuse (with a reason)."""
    access = _access_or_404(request_id)
    require(rules.can_answer_access_request(current_user, access))
    form = AnswerForm()
    if form.validate_on_submit():
        try:
            services.answer_access(current_user, access, form.outcome.data == "agree", form.answer.data)
        except Invalid as invalid:
            db.session.rollback()
            _refused(form, invalid)
        else:
            flash(_("The answer was recorded and sent to the operator."), "success")
            return redirect_to("infrastructure.access_detail", request_id=access.id)
    return render_template("infrastructure/answer.html", form=form, access=access, join=None), _status(form)


@bp.post("/infrastruktura/zadosti/<int:request_id>/dohoda")
@login_required
@write_limit
def access_agreement(request_id: int):
    """An agreed request becomes a cooperation agreement with the operator as a party."""
    access = _access_or_404(request_id)
    require(rules.can_make_agreement(current_user, access))
    agreement = services.make_agreement(current_user, access)
    flash(_("A cooperation agreement in negotiation was created with the operator as a party."), "success")
    return redirect_to("agreements.detail", agreement_id=agreement.id)


# ----- planned works -----

@bp.get("/stavby")
def works():
    """Planned civil works: where others can lay ducts in the same trench, and until when."""
    filters = read_filters(request.args, kind=WorkKind, status=WorkStatus)
    page = paginate(queries.works_statement(filters), page_from_request(), current_app.config["PER_PAGE"])
    municipalities, groupings = territory_services.filter_choices()
    return _private(render_page_or_fragment(
        "infrastructure/works.html", "infrastructure/_work_results.html", results_page=page,
        filters=filters.as_context(), municipalities=municipalities, groupings=groupings,
        can_add=rules.can_add(current_user)))


@bp.get("/stavby/<int:work_id>")
def work_detail(work_id: int):
    """Planned works: dates, deadline, the joining requests in summary; the route for operators and staff."""
    work = item_or_404(queries.load_work(work_id))
    staff = rules.can_manage(current_user, work.municipality_id)
    mine = scope_of(current_user).operator_ids
    return _private(render_template(
        "infrastructure/work.html", work=work, staff=staff, summary=queries.join_summary(work),
        own_requests=[r for r in work.join_requests if staff or r.operator_id in mine],
        sees_positions=rules.sees_positions(current_user, work.municipality_id),
        route=geo.route_points(work.route), can_join=rules.can_request_join(current_user, work),
        can_edit=rules.can_edit_work(current_user, work), can_finish=rules.can_finish_work(current_user, work),
        deadline_passed=queries.today() > work.joining_deadline))


def _work_data(form: WorkForm) -> services.WorkData:
    return services.WorkData(kind=WorkKind(form.kind.data), title=form.title.data or "", route=form.route.data or [],
                             starts_on=form.starts_on.data, joining_deadline=form.joining_deadline.data,
                             ends_on=form.ends_on.data, description=form.description.data or "",
                             contact=form.contact.data or "")


def _save_work(form, work):
    return _saved(form, work, services.create_work, services.update_work, _work_data)


@bp.route("/stavby/nova", methods=["GET", "POST"])
@login_required
@write_limit
def work_create():
    """A municipality's staff announce planned works with a route, dates and a deadline for joining."""
    require(rules.can_add(current_user))
    form = WorkForm()
    form.municipality.choices = municipalities_in_scope(current_user)
    _preselect(form)
    saved = _save_work(form, None)
    if saved is not None:
        flash(_("The planned works were published; operators and neighbours are notified."), "success")
        return redirect_to("infrastructure.work_detail", work_id=saved.id)
    return render_template("infrastructure/work_form.html", form=form, work=None), _status(form)


@bp.route("/stavby/<int:work_id>/upravit", methods=["GET", "POST"])
@login_required
@write_limit
def work_edit(work_id: int):
    """The municipality's staff change planned works."""
    work = item_or_404(queries.load_work(work_id))
    require(rules.can_edit_work(current_user, work))
    form = WorkForm(obj=work)
    form.municipality.choices = [(work.municipality_id, work.municipality.name)]
    form.municipality.data = work.municipality_id
    saved = _save_work(form, work)
    if saved is not None:
        flash(_("The planned works were saved."), "success")
        return redirect_to("infrastructure.work_detail", work_id=work.id)
    return render_template("infrastructure/work_form.html", form=form, work=work), _status(form)


@bp.route("/stavby/<int:work_id>/pripojit", methods=["GET", "POST"])
@login_required
@write_limit
def work_join(work_id: int):
    """An operator's staff ask to lay ducts or cables in the trench before the deadline."""
    work = item_or_404(queries.load_work(work_id))
    require(rules.can_request_join(current_user, work))
    operators = queries.operators_of(scope_of(current_user).operator_ids)
    form = JoinForm()
    form.operator.choices = [(o.id, o.name) for o in operators]
    if form.validate_on_submit():
        operator = next(o for o in operators if o.id == form.operator.data)
        try:
            services.request_join(current_user, operator, work, form.what.data)
        except Invalid as invalid:
            db.session.rollback()
            _refused(form, invalid)
        else:
            flash(_("Your request to join was sent to the municipality."), "success")
            return redirect_to("infrastructure.work_detail", work_id=work.id)
    return render_template("infrastructure/join_form.html", form=form, work=work), _status(form)


@bp.route("/stavby/pripojeni/<int:request_id>/odpoved", methods=["GET", "POST"])
@login_required
@write_limit
def join_answer(request_id: int):
    """The municipality's staff agree to a joining request (with conditions) or refuse it (with a reason)."""
    join = item_or_404(queries.load_join_request(request_id), rules.can_view_join_request)
    require(rules.can_answer_join_request(current_user, join))
    form = AnswerForm()
    if form.validate_on_submit():
        try:
            services.answer_join(current_user, join, form.outcome.data == "agree", form.answer.data)
        except Invalid as invalid:
            db.session.rollback()
            _refused(form, invalid)
        else:
            flash(_("The answer was recorded and sent to the operator."), "success")
            return redirect_to("infrastructure.work_detail", work_id=join.work_id)
    return render_template("infrastructure/answer.html", form=form, access=None, join=join), _status(form)


@bp.route("/stavby/<int:work_id>/dokonceni", methods=["GET", "POST"])
@login_required
@write_limit
def work_finish(work_id: int):
    """The works are finished: the ducts laid become shareable assets."""
    work = item_or_404(queries.load_work(work_id))
    require(rules.can_finish_work(current_user, work))
    form = FinishForm()
    if form.validate_on_submit():
        laid = services.finish_work(current_user, work, form.spare_capacity.data or "")
        flash(_("The works are finished; %(num)s duct(s) became shareable assets.", num=len(laid)), "success")
        return redirect_to("infrastructure.work_detail", work_id=work.id)
    return render_template("infrastructure/finish.html", form=form, work=work), _status(form)


# ----- exports -----

def _filters_or_400(**enums):
    filters = read_filters(request.args, **enums)
    if filters.unknown:
        abort(400)
    return filters


def _file(body: str, mimetype: str, name: str):
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.vary.add("Accept-Language")
    return _private(response)


@bp.get("/infrastruktura.csv")
def assets_csv():
    """Assets as CSV: public fields for the public, every field for operators and staff."""
    filters = _filters_or_400(kind=AssetKind)
    return _file(exports.assets_csv(filters, current_user), "text/csv", "infrastruktura.csv")


@bp.get("/infrastruktura.geojson")
def assets_geojson():
    """Assets as GeoJSON: without geometry for the public, exact for operators and staff."""
    filters = _filters_or_400(kind=AssetKind)
    body = exports.feature_collection(exports.assets_features(filters, current_user))
    return _file(json.dumps(body, ensure_ascii=False, separators=(",", ":")), GEOJSON, "infrastruktura.geojson")


@bp.get("/stavby.csv")
def works_csv():
    """Planned works as CSV: the route only for operators and staff."""
    filters = _filters_or_400(kind=WorkKind)
    return _file(exports.works_csv(filters, current_user), "text/csv", "stavby.csv")


@bp.get("/stavby.geojson")
def works_geojson():
    """Planned works as GeoJSON: without geometry for the public, with the route for operators and staff."""
    filters = _filters_or_400(kind=WorkKind)
    body = exports.feature_collection(exports.works_features(filters, current_user))
    return _file(json.dumps(body, ensure_ascii=False, separators=(",", ":")), GEOJSON, "stavby.geojson")
