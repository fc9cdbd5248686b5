"""Localities: a locality's page, editing, connection reports, the overviews per grouping and region."""

from flask import Blueprint, Response, abort, current_app, flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from participation import permissions
from participation.chain.filters import read_id
from participation.chain.views import item_or_404, saved_or_form, write_rate_limit
from participation.common.htmx import redirect_to
from participation.common.pagination import page_from_request, paginate
from participation.extensions import db
from participation.localities import queries, reports, services
from participation.localities.forms import (
    SIGNAL_LABELS,
    STATUS_EXPLANATIONS,
    STATUS_LABELS,
    TECHNOLOGY_LABELS,
    ConnectionReportForm,
    LocalityForm,
    OfficeReportForm,
    as_float,
)
from participation.localities.models import FixedTechnology, Locality, MobileSignal
from participation.territory import services as territory_services
from participation.territory.models import Region

bp = Blueprint("localities", __name__)
write_limit = write_rate_limit()
OVERVIEW_PER_PAGE = 50
rules = permissions.localities


@bp.record_once
def _register_template_globals(state) -> None:
    state.app.jinja_env.globals.update(
        locality_status_labels=STATUS_LABELS, technology_labels=TECHNOLOGY_LABELS,
        signal_labels=SIGNAL_LABELS, status_explanation=status_explanation,
        localities_of_municipality=lambda municipality: queries.of_municipality(municipality.id),
        connectivity_of_grouping=lambda grouping: queries.totals(queries.in_grouping(grouping.id)),
    )


def status_explanation(status) -> str:
    """What a status means, with the thresholds in force."""
    low, middle, high = current_app.config["CONNECTIVITY_THRESHOLDS"]
    return STATUS_EXPLANATIONS[status] % {"low": low, "middle": middle, "high": high,
                                          "minimum": current_app.config["CONNECTIVITY_MIN_REPORTS"]}


def _get_locality(locality_id: int, *, edit: bool = False) -> Locality:
    return item_or_404(queries.load_locality(locality_id), None, rules.can_edit_locality, edit=edit)


@bp.get("/lokality/<int:locality_id>")
def detail(locality_id: int):
    """A locality: its connection status with the evidence, dwellings, inhabitants."""
    locality = _get_locality(locality_id)
    staff = rules.can_edit_locality(current_user, locality)
    own = reports.current_report_of(current_user) if current_user.is_authenticated else None
    return render_template(
        "localities/detail.html", locality=locality, can_edit=staff,
        can_report=rules.can_report_connection(current_user, locality),
        office_reports=queries.office_reports(locality.id) if staff else [],
        own_report=own if own is not None and own.locality_id == locality.id else None)


# ----- editing -----

def _save_locality(form: LocalityForm, municipality, locality: Locality | None):
    """Validate the form and the service's rules; errors go next to their fields. The saved locality or None."""
    if not form.validate_on_submit():
        return None
    data = services.LocalityData(
        name=form.name.data, code=(form.code.data or "").strip() or None, latitude=as_float(form.latitude.data),
        longitude=as_float(form.longitude.data), dwellings=form.dwellings.data or 0,
        inhabitants=form.inhabitants.data or 0)
    try:
        if locality is None:
            return services.create_locality(current_user, municipality, data)
        services.update_locality(current_user, locality, data)
        return locality
    except services.Invalid as invalid:
        for name, message in invalid.errors.items():
            form[name].errors = [*form[name].errors, message]
        return None


@bp.route("/obce/<code>/lokality/nova", methods=["GET", "POST"])
@login_required
@write_limit
def create(code: str):
    """Add a locality to a municipality."""
    municipality = territory_services.municipality_by_code(code)
    if municipality is None:
        abort(404)
    if not rules.can_add_locality(current_user, municipality):
        abort(403)
    form = LocalityForm()
    return saved_or_form(_save_locality(form, municipality, None), _("The locality was added."),
                         "localities.detail", "locality_id", "localities/form.html", form,
                         locality=None, municipality=municipality)


@bp.route("/lokality/<int:locality_id>/upravit", methods=["GET", "POST"])
@login_required
@write_limit
def edit(locality_id: int):
    """Change a locality's name, code, place, dwellings and inhabitants."""
    locality = _get_locality(locality_id, edit=True)
    form = LocalityForm(obj=locality) if request.method == "GET" else LocalityForm()
    return saved_or_form(_save_locality(form, locality.municipality, locality), _("The locality was saved."),
                         "localities.detail", "locality_id", "localities/form.html", form,
                         locality=locality, municipality=locality.municipality)


# ----- connection reports -----

def _report_data(form: ConnectionReportForm) -> reports.ReportData:
    return reports.ReportData(
        fixed_technology=FixedTechnology(form.fixed_technology.data),
        mobile_signal=MobileSignal(form.mobile_signal.data),
        **{name: as_float(form[name].data) for name in reports.SPEED_FIELDS},
        measured_on=form.measured_on.data, refused=form.refused.data, long_wait=form.long_wait.data,
        high_fee=form.high_fee.data)


def _refused(form, invalid: services.Invalid) -> None:
    for name, message in invalid.errors.items():
        if name == "form":
            form.form_errors.append(message)
        else:
            form[name].errors = [*form[name].errors, message]


def _submit(form: ConnectionReportForm):
    """The resident's saved report, or None with the errors next to the fields."""
    if not form.validate_on_submit():
        return None
    locality = db.session.get(Locality, form.locality_id.data)
    if locality is None:
        form.locality_id.errors.append(_("Choose the locality where you live."))
        return None
    try:
        return reports.submit_report(current_user, locality, _report_data(form))
    except services.Invalid as invalid:
        _refused(form, invalid)
        return None


@bp.route("/pripojeni/nahlasit", methods=["GET", "POST"])
@login_required
@write_limit
def report():
    """A resident reports the connection where they live; it replaces their previous report."""
    if not rules.can_report_connection(current_user):
        abort(403)
    form = ConnectionReportForm()
    form.locality_id.choices = queries.choices_of_municipality(current_user.home_municipality_id)
    if request.method == "GET":
        form.locality_id.data = read_id(request.args, "lokalita")[0]
    saved = _submit(form)
    if saved is not None:
        flash(_("Thank you. Your report counts for the locality's status; nobody else sees that it is yours."),
              "success")
        return redirect_to("localities.detail", locality_id=saved.locality_id)
    return render_template("localities/report.html", form=form, previous=reports.current_report_of(current_user),
                           action=url_for("localities.report"), locality=None), 422 if form.errors else 200


@bp.route("/lokality/<int:locality_id>/zaznam-uradu", methods=["GET", "POST"])
@login_required
@write_limit
def record_for_resident(locality_id: int):
    """The office records a report from a paper form or a phone call, marked as such."""
    locality = _get_locality(locality_id)
    if not rules.can_record_for_resident(current_user, locality):
        abort(403)
    form = OfficeReportForm()
    if form.validate_on_submit():
        try:
            reports.record_for_resident(current_user, locality, _report_data(form), form.office_note.data)
        except services.Invalid as invalid:
            _refused(form, invalid)
        else:
            flash(_("The report was recorded for the resident."), "success")
            return redirect_to("localities.detail", locality_id=locality.id)
    return render_template("localities/report.html", form=form, previous=None, locality=locality,
                           action=url_for("localities.record_for_resident", locality_id=locality.id)), (
        422 if form.errors else 200)


# ----- overviews -----

def _overview(heading: str, place_url: str, csv_url: str, condition):
    page = paginate(queries.overview_statement(condition), page_from_request(), OVERVIEW_PER_PAGE)
    return render_template("localities/overview.html", heading=heading, place_url=place_url, csv_url=csv_url,
                           results_page=page, totals=queries.totals(condition))


def _csv(condition, filename: str) -> Response:
    return Response(queries.csv_text(condition), mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="{filename}"'})


def _grouping_or_404(grouping_id: int):
    grouping = territory_services.grouping_with_region(grouping_id)
    if grouping is None:
        abort(404)
    return grouping


def _region_or_404(code: str) -> Region:
    region = db.session.scalar(select(Region).where(Region.code == code.upper()[:10]))
    if region is None:
        abort(404)
    return region


@bp.get("/seskupeni/<int:grouping_id>/pripojeni")
def grouping_overview(grouping_id: int):
    """The connection of a grouping's member municipalities' localities, worst first."""
    grouping = _grouping_or_404(grouping_id)
    return _overview(grouping.name, url_for("territory.grouping", grouping_id=grouping.id),
                     url_for("localities.grouping_csv", grouping_id=grouping.id), queries.in_grouping(grouping.id))


@bp.get("/seskupeni/<int:grouping_id>/pripojeni.csv")
def grouping_csv(grouping_id: int):
    """The grouping's locality statuses as CSV (aggregates only)."""
    grouping = _grouping_or_404(grouping_id)
    return _csv(queries.in_grouping(grouping.id), f"spolu-seskupeni-{grouping.id}-pripojeni.csv")


@bp.get("/kraje/<code>/pripojeni")
def region_overview(code: str):
    """The connection of a region's localities, worst first."""
    region = _region_or_404(code)
    return _overview(region.name, None, url_for("localities.region_csv", code=region.code),
                     queries.in_region(region.id))


@bp.get("/kraje/<code>/pripojeni.csv")
def region_csv(code: str):
    """The region's locality statuses as CSV (aggregates only)."""
    region = _region_or_404(code)
    return _csv(queries.in_region(region.id), f"spolu-kraj-{region.code}-pripojeni.csv")
