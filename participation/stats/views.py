"""Statistics pages: public response times, and a grouping's dashboard for its representatives."""

from flask import Blueprint, Response, abort, render_template, request
from flask_babel import format_decimal
from flask_login import current_user, login_required

from participation.agreements.forms import STATUS_LABELS as AGREEMENT_STATUS_LABELS
from participation.common.models import utcnow
from participation.extensions import db
from participation.permissions import stats as rules
from participation.projects.forms import STATUS_LABELS as PROJECT_STATUS_LABELS
from participation.stats import dashboard as dashboard_figures
from participation.stats import precomputed
from participation.stats import response_times as times
from participation.territory.models import Grouping

bp = Blueprint("stats", __name__)


@bp.app_template_global()
def response_times_of_municipality(municipality):
    """One municipality's stored response times, for its page (one query)."""
    return precomputed.of_municipality(municipality)


@bp.app_template_global()
def response_times_of_grouping(grouping):
    """One grouping's stored response times, for its page (one query)."""
    return precomputed.of_grouping(grouping)


@bp.app_template_filter("days")
def days_filter(value) -> str:
    """Days with at most one decimal, in the reader's locale; a dash when unknown."""
    return "–" if value is None else format_decimal(round(value, 1), "#,##0.#")


@bp.get("/statistiky/odezva")
def response_times():
    """Median and 90th percentile days to a first official answer, per municipality and grouping."""
    municipalities, groupings = precomputed.municipalities(), precomputed.groupings()
    computed = [row.computed_at for row in (*municipalities, *groupings) if row.computed_at is not None]
    as_of = min(computed) if computed else utcnow()
    return render_template(
        "stats/response_times.html",
        municipalities=municipalities,
        groupings=groupings,
        since=times.since(as_of),
        as_of=as_of if computed else None,
    )


def _load_dashboard_grouping(grouping_id: int) -> Grouping:
    """The grouping (404), if the current user may see its dashboard (403)."""
    grouping = db.session.get(Grouping, grouping_id)
    if grouping is None:
        abort(404)
    if not rules.can_view_dashboard(current_user, grouping):
        abort(403)
    return grouping


@bp.get("/seskupeni/<int:grouping_id>/prehled")
@login_required
def dashboard(grouping_id: int):
    """Per member municipality: residents, proposals, supports, turnout; agreements and projects."""
    grouping = _load_dashboard_grouping(grouping_id)
    sort, descending = dashboard_figures.parse_sort(request.args.get("sort"))
    rows = dashboard_figures.member_figures(grouping.id)
    return render_template(
        "stats/dashboard.html",
        grouping=grouping,
        now=utcnow(),
        rows=dashboard_figures.sort_rows(rows, sort, descending),
        totals=dashboard_figures.totals(rows),
        sort=sort,
        descending=descending,
        agreements=dashboard_figures.agreements_of(grouping.id),
        projects=dashboard_figures.projects_of(grouping.id),
        agreement_status_labels=AGREEMENT_STATUS_LABELS,
        project_status_labels=PROJECT_STATUS_LABELS,
    )


@bp.get("/seskupeni/<int:grouping_id>/prehled.csv")
@login_required
def dashboard_csv(grouping_id: int):
    """The dashboard's table as CSV, in the same order as on the page."""
    grouping = _load_dashboard_grouping(grouping_id)
    sort, descending = dashboard_figures.parse_sort(request.args.get("sort"))
    rows = dashboard_figures.member_figures(grouping.id)
    text = dashboard_figures.csv_text(dashboard_figures.sort_rows(rows, sort, descending),
                                      dashboard_figures.totals(rows))
    return Response(text, mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="spolu-seskupeni-{grouping.id}-prehled.csv"',
    })
