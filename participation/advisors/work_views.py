"""The advisors' work log and the yearly report (screen, printable, CSV)."""

from datetime import date

from flask import Response, render_template, request
from flask_babel import gettext as _
from flask_login import current_user, login_required

from participation.advisors import worklog
from participation.advisors.blueprint import bp, rules, write_limit
from participation.advisors.forms import FIELD_LABELS, WorkForm
from participation.advisors.models import WorkKind
from participation.common.access import require
from participation.common.form_pages import done, form_page
from participation.common.validation import read_int
from participation.localities.forms import as_float
from participation.territory.picker import load_municipalities


def _year() -> int:
    year, _bad = read_int(request.args.get("year", ""), minimum=2000, maximum=2100)
    return year or date.today().year


@bp.get("/prace")
@login_required
def work():
    """The advisor's work log for a year, newest first."""
    require(rules.can_log_work(current_user))
    advisor = rules.advisor_of(current_user)
    year = _year()
    return render_template("advisors/work.html", advisor=advisor, year=year,
                           entries=worklog.entries_of(advisor, year))


@bp.route("/prace/novy", methods=["GET", "POST"])
@login_required
@write_limit
def log_work():
    """The advisor records a visit or consultation."""
    require(rules.can_log_work(current_user))
    advisor = rules.advisor_of(current_user)
    form = WorkForm()
    if request.method == "GET":
        form.worked_on.data = date.today()

    def save():
        worklog.log_work(advisor, worklog.WorkData(
            worked_on=form.worked_on.data, kind=WorkKind(form.kind.data), topic=form.topic.data,
            hours=as_float(form.hours.data) or 0.0, municipalities=load_municipalities(form.municipalities.data or [])))

    return form_page(form, save, lambda _saved: done(_("The work was recorded."), "advisors.work",
                                                     year=form.worked_on.data.year),
                     "advisors/work_form.html", advisor=advisor)


@bp.get("/vykaz")
@login_required
def report():
    """The yearly report per advisor, field and grouping (printable)."""
    require(rules.can_view_report(current_user))
    year = _year()
    return render_template("advisors/report.html", report=worklog.yearly_report(year, FIELD_LABELS), year=year)


@bp.get("/vykaz.csv")
@login_required
def report_csv():
    """The yearly report as CSV (a BOM and semicolons, for spreadsheets set to Czech)."""
    require(rules.can_view_report(current_user))
    year = _year()
    body = worklog.report_csv(worklog.yearly_report(year, FIELD_LABELS))
    return Response(body, mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="poradci-vykaz-{year}.csv"'})
