"""Advisors: the public directory, an advisor's page and administrators' forms (advisors, coordinators).

Questions, queues and residents' requests are in `question_views`, guides in `guide_views`, the work log and
report in `work_views`; this module imports them to register their routes on the blueprint.
"""

from flask import abort, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import select

from participation.advisors import queries, services
from participation.advisors.blueprint import PER_PAGE, advisor_or_404, bp, field_or_none, rules, write_limit
from participation.advisors.forms import AdvisorForm, CoordinatorForm
from participation.advisors.models import AdvisorField, Coordinator, advisor_grouping, advisor_municipality
from participation.chain.filters import read_id
from participation.chain.scoping import grouping_choices
from participation.common.access import require
from participation.common.confirm import confirmable
from participation.common.errors import Invalid
from participation.common.form_pages import done, form_page, load_or_404
from participation.common.pagination import page_from_request, paginate
from participation.extensions import db
from participation.territory.models import Grouping, GroupingMembership, Municipality, Region
from participation.territory.picker import load_municipalities

from . import guide_views, question_views, work_views  # noqa: F401  (register their routes on bp)

# Destructive actions ask first (participation/common/confirm.py).
confirmable("advisors.remove_coordinator", _l("Remove this coordinator?"), _l("Yes, remove"))

# ----- the directory -----

def _served_places():
    """Municipalities and groupings some active advisor serves: the directory's filter choices."""
    groupings = list(db.session.execute(select(Grouping.id, Grouping.name).where(Grouping.id.in_(
        select(advisor_grouping.c.grouping_id))).order_by(Grouping.search_name)))
    members = select(GroupingMembership.municipality_id).where(
        GroupingMembership.grouping_id.in_(select(advisor_grouping.c.grouping_id)),
        GroupingMembership.left_on.is_(None))
    municipalities = list(db.session.execute(select(Municipality.id, Municipality.name).where(
        Municipality.id.in_(select(advisor_municipality.c.municipality_id)) | Municipality.id.in_(members))
        .order_by(Municipality.search_name)))
    return municipalities, groupings


@bp.get("")
def index():
    """Who can help our municipality, and with what: advisors by municipality, grouping and field."""
    municipality_id, _bad = read_id(request.args, "municipality")
    grouping_id, _bad = read_id(request.args, "grouping")
    field = field_or_none(request.args.get("field"))
    page = paginate(queries.directory_statement(municipality_id, grouping_id, field), page_from_request(), PER_PAGE)
    municipalities, groupings = _served_places()
    return render_template("advisors/list.html", results_page=page,
                           averages=queries.average_answer_days(a.id for a in page.items),
                           municipalities=municipalities, groupings=groupings,
                           chosen={"municipality": municipality_id, "grouping": grouping_id,
                                   "field": field.value if field else ""},
                           can_manage=rules.can_manage_advisors(current_user),
                           can_coordinate=rules.can_coordinate(current_user))


@bp.get("/<int:advisor_id>")
def detail(advisor_id: int):
    """An advisor: field, organisation, places served, contact hours, answer time and public answers."""
    advisor = advisor_or_404(advisor_id)
    if not advisor.active and not rules.can_manage_advisors(current_user):
        abort(404)
    page = paginate(queries.public_answers_statement(advisor.id), page_from_request(), PER_PAGE)
    return render_template("advisors/detail.html", advisor=advisor, results_page=page,
                           average=queries.average_answer_days([advisor.id]).get(advisor.id),
                           can_manage=rules.can_manage_advisors(current_user),
                           can_queue=rules.can_view_queue(current_user, advisor),
                           can_ask=rules.can_ask(current_user))


# ----- administrators -----

def _advisor_data(form: AdvisorForm, creating: bool) -> services.AdvisorData:
    return services.AdvisorData(
        field=AdvisorField(form.field.data), organisation=form.organisation.data or "",
        network=form.network.data or "", contact_hours=form.contact_hours.data or "",
        contact_email=form.contact_email.data or "", active=creating or bool(form.active.data),
        municipalities=load_municipalities(form.municipalities.data or []),
        groupings=list(db.session.scalars(select(Grouping).where(Grouping.id.in_(form.groupings.data or [])))))


def _advisor_page(form: AdvisorForm, advisor, message):
    """The advisor's form: saved, it creates the role (`advisor` None) or changes the profile."""
    def save():
        if advisor is None and not (form.email.data or "").strip():
            raise Invalid({"email": _("Enter the e-mail address of the person's account.")})
        data = _advisor_data(form, advisor is None)
        if advisor is None:
            return services.create_advisor(current_user, form.email.data, data)
        services.update_advisor(current_user, advisor, data)
        return advisor

    form.groupings.choices = grouping_choices()
    return form_page(form, save, lambda saved: done(message, "advisors.detail", advisor_id=saved.id),
                     "advisors/form.html", advisor=advisor)


@bp.route("/novy", methods=["GET", "POST"])
@login_required
@write_limit
def create():
    """An administrator gives a person the advisor role."""
    require(rules.can_manage_advisors(current_user))
    return _advisor_page(AdvisorForm(), None, _("The person is now an advisor."))


@bp.route("/<int:advisor_id>/upravit", methods=["GET", "POST"])
@login_required
@write_limit
def edit(advisor_id: int):
    """An administrator changes an advisor's profile and places, or ends the role."""
    advisor = advisor_or_404(advisor_id)
    require(rules.can_manage_advisors(current_user))
    form = AdvisorForm(obj=advisor) if request.method == "GET" else AdvisorForm()
    if request.method == "GET":
        form.municipalities.selected = list(advisor.municipalities)
        form.municipalities.data = [m.id for m in advisor.municipalities]
        form.groupings.data = [g.id for g in advisor.groupings]
    return _advisor_page(form, advisor, _("The advisor was saved."))


@bp.route("/koordinatori", methods=["GET", "POST"])
@login_required
@write_limit
def coordinators():
    """Administrators name each field's coordinators, per region."""
    require(rules.can_manage_advisors(current_user))
    form = CoordinatorForm()
    form.region.choices = [("", _("Everywhere"))] + [
        (str(r.id), r.name) for r in db.session.scalars(select(Region).order_by(Region.name))]

    def save():
        region = db.session.get(Region, int(form.region.data)) if form.region.data else None
        services.add_coordinator(current_user, form.email.data, AdvisorField(form.field.data), region)

    return form_page(form, save, lambda _saved: done(_("The coordinator was added."), "advisors.coordinators"),
                     "advisors/coordinators.html", coordinators=queries.coordinators())


@bp.post("/koordinatori/<int:advisor_coordinator_id>/odebrat")
@login_required
@write_limit
def remove_coordinator(advisor_coordinator_id: int):
    """An administrator ends a coordinator's role."""
    require(rules.can_manage_advisors(current_user))
    coordinator = load_or_404(db.session.get(Coordinator, advisor_coordinator_id))
    services.remove_coordinator(current_user, coordinator)
    return done(_("The coordinator was removed."), "advisors.coordinators")
