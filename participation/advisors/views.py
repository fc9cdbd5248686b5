"""Advisors: the public directory and an advisor's page, administrators' forms, questions and residents'
requests. The work log and report are in `work_views`, guides in `guide_views`."""

from flask import abort, flash, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import select

from participation.advisors import queries, questions, services
from participation.advisors.blueprint import (
    ITEM_ENDPOINTS,
    PER_PAGE,
    advisor_choices,
    advisor_or_404,
    bp,
    field_or_none,
    question_or_404,
    refused,
    rules,
    write_limit,
)
from participation.advisors.forms import (
    AdvisorForm,
    AnswerForm,
    AssignForm,
    CoordinatorForm,
    DecisionForm,
    OpinionRequestForm,
    QuestionForm,
)
from participation.advisors.models import (
    ITEM_KINDS,
    AdvisorField,
    Coordinator,
    advisor_grouping,
    advisor_municipality,
)
from participation.chain.filters import read_id
from participation.chain.scoping import grouping_choices, municipality_choices
from participation.chain.views import item_or_404, proposal_or_404, saved_or_form
from participation.common.access import require
from participation.common.confirm import confirmable
from participation.common.htmx import redirect_to
from participation.common.pagination import page_from_request, paginate
from participation.extensions import db
from participation.permissions.scopes import scope_of
from participation.territory.models import Grouping, GroupingMembership, Municipality, Region
from participation.territory.picker import load_municipalities

from . import guide_views, work_views  # noqa: F401  (register their routes on bp)

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

def _advisor_form(form: AdvisorForm, advisor=None) -> AdvisorForm:
    form.groupings.choices = grouping_choices()
    return form


def _advisor_data(form: AdvisorForm, creating: bool) -> services.AdvisorData:
    return services.AdvisorData(
        field=AdvisorField(form.field.data), organisation=form.organisation.data or "",
        network=form.network.data or "", contact_hours=form.contact_hours.data or "",
        contact_email=form.contact_email.data or "", active=creating or bool(form.active.data),
        municipalities=load_municipalities(form.municipalities.data or []),
        groupings=list(db.session.scalars(select(Grouping).where(Grouping.id.in_(form.groupings.data or [])))))


def _save_advisor(form: AdvisorForm, advisor):
    if not form.validate_on_submit():
        return None
    if advisor is None and not (form.email.data or "").strip():
        form.email.errors = [*form.email.errors, _("Enter the e-mail address of the person's account.")]
        return None
    try:
        data = _advisor_data(form, advisor is None)
        if advisor is None:
            return services.create_advisor(current_user, form.email.data, data)
        services.update_advisor(current_user, advisor, data)
        return advisor
    except services.Invalid as invalid:
        refused(form, invalid)
        return None


@bp.route("/novy", methods=["GET", "POST"])
@login_required
@write_limit
def create():
    """An administrator gives a person the advisor role."""
    require(rules.can_manage_advisors(current_user))
    form = _advisor_form(AdvisorForm())
    return saved_or_form(_save_advisor(form, None), _("The person is now an advisor."), "advisors.detail",
                         "advisor_id", "advisors/form.html", form, advisor=None)


@bp.route("/<int:advisor_id>/upravit", methods=["GET", "POST"])
@login_required
@write_limit
def edit(advisor_id: int):
    """An administrator changes an advisor's profile and places, or ends the role."""
    advisor = advisor_or_404(advisor_id)
    require(rules.can_manage_advisors(current_user))
    form = _advisor_form(AdvisorForm(obj=advisor) if request.method == "GET" else AdvisorForm())
    if request.method == "GET":
        form.municipalities.selected = list(advisor.municipalities)
        form.municipalities.data = [m.id for m in advisor.municipalities]
        form.groupings.data = [g.id for g in advisor.groupings]
    return saved_or_form(_save_advisor(form, advisor), _("The advisor was saved."), "advisors.detail",
                         "advisor_id", "advisors/form.html", form, advisor=advisor)


def _coordinator_form() -> CoordinatorForm:
    form = CoordinatorForm()
    form.region.choices = [("", _("Everywhere"))] + [
        (str(r.id), r.name) for r in db.session.scalars(select(Region).order_by(Region.name))]
    return form


@bp.route("/koordinatori", methods=["GET", "POST"])
@login_required
@write_limit
def coordinators():
    """Administrators name each field's coordinators, per region."""
    require(rules.can_manage_advisors(current_user))
    form = _coordinator_form()
    if form.validate_on_submit():
        region = db.session.get(Region, int(form.region.data)) if form.region.data else None
        try:
            services.add_coordinator(current_user, form.email.data, AdvisorField(form.field.data), region)
        except services.Invalid as invalid:
            refused(form, invalid)
        else:
            flash(_("The coordinator was added."), "success")
            return redirect_to("advisors.coordinators")
    return render_template("advisors/coordinators.html", form=form, coordinators=queries.coordinators()), (
        422 if form.errors else 200)


@bp.post("/koordinatori/<int:advisor_coordinator_id>/odebrat")
@login_required
@write_limit
def remove_coordinator(advisor_coordinator_id: int):
    """An administrator ends a coordinator's role."""
    require(rules.can_manage_advisors(current_user))
    coordinator = item_or_404(db.session.get(Coordinator, advisor_coordinator_id))
    services.remove_coordinator(current_user, coordinator)
    flash(_("The coordinator was removed."), "success")
    return redirect_to("advisors.coordinators")


# ----- queues -----

@bp.get("/<int:advisor_id>/fronta")
@login_required
def queue(advisor_id: int):
    """The advisor's open questions, the oldest first, with their age."""
    advisor = advisor_or_404(advisor_id)
    require(rules.can_view_queue(current_user, advisor))
    return render_template("advisors/queue.html", advisor=advisor, waiting=queries.queue(advisor),
                           days=queries.answer_days())


@bp.get("/koordinace")
@login_required
def coordination():
    """A coordinator's view: questions waiting for an advisor, every advisor's workload, the longest waiting."""
    require(rules.can_coordinate(current_user))
    return render_template("advisors/coordination.html", unassigned=queries.longest_waiting(current_user, unassigned=True),
                           longest=queries.longest_waiting(current_user, limit=20),
                           workloads=queries.workloads(current_user), days=queries.answer_days())


# ----- questions -----

def _load_item(kind: str | None, raw_id):
    """The item a question is about (404 when it does not exist), or None for a standalone question."""
    if not kind:
        return None
    if kind not in ITEM_KINDS:
        abort(404)
    from participation.agreements.models import Agreement
    from participation.good_practice.models import GoodPractice
    from participation.localities.models import Locality
    from participation.projects.models import Project
    from participation.proposals.models import Proposal

    model = {"proposal": Proposal, "agreement": Agreement, "project": Project, "locality": Locality,
             "good_practice": GoodPractice}[kind]
    try:
        item_id = int(raw_id)
    except (TypeError, ValueError):
        abort(404)
    if not (0 < item_id < 2**31):
        abort(404)
    return item_or_404(db.session.get(model, item_id))


def _place_choices(item) -> list[tuple[str, str]]:
    scope = scope_of(current_user)
    item_municipalities = {m.id for m in getattr(item, "municipalities", [])} if item is not None else None
    if scope.administrator:
        municipalities = [(i, n) for i, n in municipality_choices(current_user)]
    else:
        municipalities = [(m.id, m.name) for m in load_municipalities(scope.moderated_municipality_ids)]
    if item_municipalities:
        municipalities = [(i, n) for i, n in municipalities if i in item_municipalities] or municipalities
    groupings = [] if not scope.represented_grouping_ids else list(db.session.execute(
        select(Grouping.id, Grouping.name).where(Grouping.id.in_(scope.represented_grouping_ids))
        .order_by(Grouping.search_name)))
    return ([(f"m-{i}", n) for i, n in municipalities]
            + [(f"g-{row.id}", row.name) for row in groupings])


def _parse_place(value: str) -> tuple[int | None, int | None]:
    kind, _sep, raw = (value or "").partition("-")
    number = int(raw) if raw.isdigit() else None
    return (number, None) if kind == "m" else (None, number)


@bp.route("/dotazy/novy", methods=["GET", "POST"])
@login_required
@write_limit
def ask():
    """A municipality's moderator or a grouping's representative asks an advisor (or a field) a question."""
    require(rules.can_ask(current_user))
    form = QuestionForm()
    kind = form.item_kind.data if request.method == "POST" else request.args.get("item_kind")
    raw_id = form.item_id.data if request.method == "POST" else request.args.get("item_id")
    item = _load_item(kind, raw_id)
    form.place.choices = _place_choices(item)
    advisors = (queries.serving_advisors([m.id for m in item.municipalities]) if item is not None
                else queries.all_advisors())
    form.advisor.choices = [("", _("Ask the field: its coordinator chooses"))] + advisor_choices(advisors)
    if request.method == "GET":
        form.item_kind.data, form.item_id.data = kind or "", raw_id or ""
        form.advisor.data = request.args.get("advisor", "")
        form.field.data = request.args.get("field", "")
    if form.validate_on_submit():
        municipality_id, grouping_id = _parse_place(form.place.data)
        advisor = queries.load_advisor(int(form.advisor.data)) if form.advisor.data else None
        data = questions.QuestionData(
            title=form.title.data, body=form.body.data or "", field=field_or_none(form.field.data),
            advisor=advisor, municipality_id=municipality_id, grouping_id=grouping_id,
            item_kind=kind or None, item_id=item.id if item is not None else None, internal=form.internal.data)
        try:
            question = questions.ask(current_user, data)
        except services.Invalid as invalid:
            refused(form, invalid)
        else:
            flash(_("The question was sent."), "success")
            return redirect_to("advisors.question", advisor_question_id=question.id)
    return render_template("advisors/ask.html", form=form, item=item, kind=kind,
                           item_endpoint=ITEM_ENDPOINTS.get(kind or "")), 422 if form.errors else 200


@bp.get("/dotazy/<int:advisor_question_id>")
def question(advisor_question_id: int):
    """A question and its answer: public once answered, unless internal."""
    item = question_or_404(advisor_question_id)
    return render_template("advisors/question.html", question=item,
                           item_endpoint=ITEM_ENDPOINTS.get(item.item_kind or ""),
                           can_answer=rules.can_answer(current_user, item),
                           can_assign=rules.can_assign(current_user, item))


@bp.route("/dotazy/<int:advisor_question_id>/odpoved", methods=["GET", "POST"])
@login_required
@write_limit
def answer(advisor_question_id: int):
    """The advisor answers a question about a place they serve."""
    item = question_or_404(advisor_question_id)
    require(rules.can_answer(current_user, item))
    form = AnswerForm()
    if form.validate_on_submit():
        try:
            questions.answer(current_user, item, form.answer.data)
        except services.Invalid as invalid:
            refused(form, invalid)
        else:
            flash(_("Your answer was published.") if not item.internal else _("Your answer was sent."), "success")
            kind = item.item_kind
            if kind and not item.internal:
                endpoint, key = ITEM_ENDPOINTS[kind]
                return redirect_to(endpoint, **{key: getattr(item, f"{kind}_id")})
            return redirect_to("advisors.question", advisor_question_id=item.id)
    return render_template("advisors/answer.html", form=form, question=item,
                           item_endpoint=ITEM_ENDPOINTS.get(item.item_kind or "")), 422 if form.errors else 200


@bp.route("/dotazy/<int:advisor_question_id>/prirazeni", methods=["GET", "POST"])
@login_required
@write_limit
def assign(advisor_question_id: int):
    """The field's coordinator assigns an open question to an advisor who serves its place."""
    item = question_or_404(advisor_question_id)
    require(rules.can_assign(current_user, item))
    form = AssignForm()
    candidates = [a for a in queries.all_advisors() if a.field == item.field]
    form.advisor.choices = advisor_choices(candidates)
    if form.validate_on_submit():
        try:
            questions.assign(current_user, item, queries.load_advisor(int(form.advisor.data)))
        except services.Invalid as invalid:
            refused(form, invalid)
        else:
            flash(_("The question was assigned."), "success")
            return redirect_to("advisors.coordination")
    return render_template("advisors/assign.html", form=form, question=item), 422 if form.errors else 200


# ----- residents' requests for an opinion -----

@bp.route("/podnety/<int:proposal_id>/nazor", methods=["GET", "POST"])
@login_required
@write_limit
def request_opinion(proposal_id: int):
    """A resident asks for an advisor's opinion on a proposal; the municipality's moderator decides."""
    proposal = proposal_or_404(proposal_id, rules.can_request_opinion)
    form = OpinionRequestForm()
    advisors = queries.serving_advisors([m.id for m in proposal.municipalities], proposal.grouping_id)
    form.advisor.choices = [("", _("Choose"))] + advisor_choices(advisors)
    if request.method == "GET" and request.args.get("advisor"):
        form.advisor.data = request.args.get("advisor")
    if form.validate_on_submit():
        advisor = queries.load_advisor(int(form.advisor.data))
        try:
            questions.request_opinion(current_user, proposal, advisor, form.reason.data)
        except services.Invalid as invalid:
            refused(form, invalid)
        else:
            flash(_("Your request was sent to the municipality's moderator."), "success")
            return redirect_to("proposals.detail", proposal_id=proposal.id)
    return render_template("advisors/request.html", form=form, proposal=proposal,
                           mine=queries.requests_of(current_user, proposal.id)), 422 if form.errors else 200


@bp.get("/zadosti")
@login_required
def requests():
    """Residents' requests for an opinion waiting in the municipalities whose office the user works for."""
    require(rules.can_view_requests(current_user))
    return render_template("advisors/requests.html", pending=queries.pending_requests(current_user))


@bp.route("/zadosti/<int:advisor_opinion_request_id>/rozhodnuti", methods=["GET", "POST"])
@login_required
@write_limit
def decide(advisor_opinion_request_id: int):
    """The moderator passes a resident's request on to the advisor, or declines it with a reason."""
    opinion_request = item_or_404(queries.load_request(advisor_opinion_request_id))
    require(rules.can_decide_request(current_user, opinion_request))
    form = DecisionForm()
    if form.validate_on_submit():
        try:
            if form.outcome.data == "pass":
                questions.pass_on(current_user, opinion_request, form.reason.data)
                flash(_("The request was passed on to the advisor."), "success")
            else:
                questions.decline(current_user, opinion_request, form.reason.data)
                flash(_("The request was declined; the resident reads your reason."), "success")
        except services.Invalid as invalid:
            refused(form, invalid)
        else:
            return redirect_to("advisors.requests")
    return render_template("advisors/decide.html", form=form, opinion_request=opinion_request), (
        422 if form.errors else 200)


# Destructive actions ask first (participation/common/confirm.py).
confirmable("advisors.remove_coordinator", _l("Remove this coordinator?"), _l("Yes, remove"))
