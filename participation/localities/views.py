"""Localities: a locality's page, editing, connection reports, the overviews per grouping and region."""

from types import SimpleNamespace

from flask import Blueprint, Response, abort, current_app, flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import select

from participation import permissions
from participation.chain.filters import read_id
from participation.chain.views import LinkPages, child_or_404, item_or_404, saved_or_form, write_rate_limit
from participation.common import page_cache
from participation.common.htmx import redirect_to
from participation.common.pagination import page_from_request, paginate
from participation.extensions import db
from participation.localities import coverage, linking, queries, reports, services
from participation.localities.forms import (
    SIGNAL_LABELS,
    STATUS_EXPLANATIONS,
    STATUS_LABELS,
    TECHNOLOGY_LABELS,
    ConnectedForm,
    ConnectionReportForm,
    CoverForm,
    LinkForm,
    LocalityForm,
    OfficeReportForm,
    ReasonForm,
    as_float,
)
from participation.localities.models import (
    ConnectionReport,
    FixedTechnology,
    Locality,
    MobileSignal,
    ProjectLocality,
)
from participation.projects.models import Project
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
        locality_links_of_proposal=lambda proposal: linking.links_of_proposal(proposal.id),
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
    links = coverage.of_locality(locality.id)
    can_connect = rules.can_connect_locality(current_user, locality)
    return render_template(
        "localities/detail.html", locality=locality, can_edit=staff, projects=links,
        proposals_of=coverage.proposals_of_projects({link.project_id for link in links}),
        naming_proposals=linking.proposals_of_locality(locality.id),
        can_connect=can_connect,
        # A form only for those who use it: a visitor's page writes no session (no CSRF token).
        connected_form=ConnectedForm() if can_connect else None,
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


@bp.route("/lokality/<int:locality_id>/zaznam-uradu/<int:connection_report_id>/vzit-zpet", methods=["GET", "POST"])
@login_required
@write_limit
def withdraw_office_report(locality_id: int, connection_report_id: int):
    """The office withdraws a report it recorded by mistake, with a reason; it stops counting."""
    locality = _get_locality(locality_id)
    report = child_or_404(ConnectionReport, connection_report_id, "locality_id", locality.id)
    if not rules.can_withdraw_office_report(current_user, report):
        abort(403)
    form = ReasonForm()
    if form.validate_on_submit():
        try:
            reports.withdraw_office_report(current_user, report, form.reason.data)
        except services.Invalid as invalid:
            _refused(form, invalid)
        else:
            flash(_("The report was withdrawn; it no longer counts for the locality's status."), "success")
            return redirect_to("localities.detail", locality_id=locality.id)
    return render_template("localities/withdraw.html", locality=locality, report=report, form=form), (
        422 if form.errors else 200)


# ----- overviews -----

def _overview(heading: str, place_url: str, csv_url: str, condition):
    """The overview, the same for everyone: its figures are asked inside the page's shared fragment,
    so they are counted and rendered once until a locality, report or place changes."""
    page_number = page_from_request()

    def figures() -> SimpleNamespace:
        return SimpleNamespace(
            results_page=paginate(queries.overview_statement(condition), page_number, OVERVIEW_PER_PAGE),
            totals=queries.totals(condition))

    return render_template("localities/overview.html", heading=heading, place_url=place_url, csv_url=csv_url,
                           figures=figures, fragment_key=page_cache.normalised_address())


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


# ----- projects covering the locality -----

def _cover_page(locality: Locality, form: CoverForm, status: int = 200):
    form.project_id.choices = [(0, _("Choose a project"))] + [
        (project.id, project.title) for project in coverage.projects_of_municipality(locality.municipality_id)]
    return render_template("localities/cover.html", locality=locality, form=form), status


@bp.route("/lokality/<int:locality_id>/projekty", methods=["GET", "POST"])
@login_required
@write_limit
def cover(locality_id: int):
    """The municipality's staff name a project that covers the locality, with the dwellings it will connect."""
    locality = _get_locality(locality_id)
    if not rules.can_connect_locality(current_user, locality):
        abort(403)
    form = CoverForm()
    if not form.validate_on_submit():
        return _cover_page(locality, form, 422 if form.errors else 200)
    project = db.session.get(Project, form.project_id.data)
    try:
        coverage.cover(current_user, locality, project, form.dwellings.data, as_float(form.download.data))
    except services.Invalid as invalid:
        _refused(form, invalid)
        return _cover_page(locality, form, 422)
    flash(_("The project now covers the locality."), "success")
    return redirect_to("localities.detail", locality_id=locality.id, _anchor="projects")


@bp.post("/lokality/<int:locality_id>/projekty/<int:link_id>/pripojeno")
@login_required
@write_limit
def connected(locality_id: int, link_id: int):
    """Record the dwellings a project has connected; from the first, its speed counts for the status."""
    locality = _get_locality(locality_id)
    if not rules.can_connect_locality(current_user, locality):
        abort(403)
    link = child_or_404(ProjectLocality, link_id, "locality_id", locality.id)
    form = ConnectedForm()
    if form.validate_on_submit():
        try:
            coverage.record_connected(current_user, link, form.connected_dwellings.data)
        except services.Invalid as invalid:
            _refused(form, invalid)
        else:
            flash(_("The connected dwellings were recorded."), "success")
            return redirect_to("localities.detail", locality_id=locality.id, _anchor="projects")
    return render_template("localities/connected.html", locality=locality, link=link, form=form), 422


# ----- proposals naming localities (the chain's shared link pages) -----

LinkPages(
    linking=linking.LINKS, detail_endpoint="localities.detail", load_item=_get_locality,
    may_link=rules.can_link_proposal, search=linking.search, may_choose=rules.can_choose_locality,
    proposal_scoped=True,
    link_form=LinkForm, unlink_form=ReasonForm, status_labels=STATUS_LABELS, texts={
        "search_title": _l("Find a locality"),
        "search_label": _l("Find a locality by its name"),
        "no_match": _l("No locality of your municipalities matches. Try another word from its name."),
        "link_title": _l("Name a locality the proposal is about"),
        "link_intro": _l("The locality's page will show the proposal beside the projects that connect it. "
                         "The proposal's status does not change."),
        "legend": _l("Locality"),
        "link_submit": _l("Name the locality"),
        "choose_from_list": _l("Choose a locality from the list."),
        "linked": _l("The proposal now names the locality."),
        "unlink_title": _l("Stop naming a locality"),
        "unlink_intro": _l("Proposal “%(proposal)s” will no longer name “%(locality)s”."),
        "unlink_submit": _l("Unlink"),
        "unlinked": _l("The proposal no longer names the locality."),
    },
).register(bp, link_rule="/lokality/propojit/<int:proposal_id>", link_endpoint="link",
           unlink_rule="/lokality/<int:locality_id>/podnety/<int:proposal_id>/odpojit", unlink_endpoint="unlink",
           search_rule="/lokality/hledat")
