"""Planned civil works: the list, a works' page, announcing and changing them, finishing them, exports."""

from flask import render_template, request
from flask_babel import gettext as _
from flask_login import current_user, login_required

from participation.chain.filters import read_filters
from participation.common.access import require
from participation.common.form_pages import done, form_page
from participation.infrastructure import exports, queries, services
from participation.infrastructure.blueprint import (
    ItemForm,
    bp,
    csv_download,
    geojson_download,
    item_form_page,
    list_page,
    private,
    rules,
    work_or_404,
    write_limit,
)
from participation.infrastructure.forms import FinishForm, WorkForm
from participation.infrastructure.models import WorkKind, WorkStatus
from participation.permissions.scopes import scope_of
from participation.territory import geo


@bp.get("/stavby")
def works():
    """Planned civil works: where others can lay ducts in the same trench, and until when."""
    filters = read_filters(request.args, kind=WorkKind, status=WorkStatus)
    return list_page(queries.works_statement, filters, "infrastructure/works.html",
                     "infrastructure/_work_results.html")


@bp.get("/stavby/<int:work_id>")
def work_detail(work_id: int):
    """Planned works: dates, deadline, the joining requests in summary; the route for operators and staff."""
    work = work_or_404(work_id)
    staff = rules.can_manage(current_user, work.municipality_id)
    mine = scope_of(current_user).operator_ids
    return private(render_template(
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


WORK_FORM = ItemForm(create=services.create_work, update=services.update_work, data=_work_data,
                     detail_endpoint="infrastructure.work_detail", item_key="work_id",
                     template="infrastructure/work_form.html")


@bp.route("/stavby/nova", methods=["GET", "POST"])
@login_required
@write_limit
def work_create():
    """A municipality's staff announce planned works with a route, dates and a deadline for joining."""
    require(rules.can_add(current_user))
    return item_form_page(WORK_FORM, WorkForm(), None,
                          _("The planned works were published; operators and neighbours are notified."))


@bp.route("/stavby/<int:work_id>/upravit", methods=["GET", "POST"])
@login_required
@write_limit
def work_edit(work_id: int):
    """The municipality's staff change planned works."""
    work = work_or_404(work_id)
    require(rules.can_edit_work(current_user, work))
    return item_form_page(WORK_FORM, WorkForm(obj=work), work, _("The planned works were saved."))


@bp.route("/stavby/<int:work_id>/dokonceni", methods=["GET", "POST"])
@login_required
@write_limit
def work_finish(work_id: int):
    """The works are finished: the ducts laid become shareable assets."""
    work = work_or_404(work_id)
    require(rules.can_finish_work(current_user, work))
    form = FinishForm()
    return form_page(form, lambda: services.finish_work(current_user, work, form.spare_capacity.data or ""),
                     lambda laid: done(_("The works are finished; %(num)s duct(s) became shareable assets.",
                                         num=len(laid)), "infrastructure.work_detail", work_id=work.id),
                     "infrastructure/finish.html", work=work)


@bp.get("/stavby.csv")
def works_csv():
    """Planned works as CSV: the route only for operators and staff."""
    return csv_download(exports.works_csv, WorkKind, "stavby.csv")


@bp.get("/stavby.geojson")
def works_geojson():
    """Planned works as GeoJSON: without geometry for the public, with the route for operators and staff."""
    return geojson_download(exports.works_features, WorkKind, "stavby.geojson")
